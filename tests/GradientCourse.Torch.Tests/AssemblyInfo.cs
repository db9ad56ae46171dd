// torch's random generator is global: nn.Linear draws its default weights from it and the initializer tests
// seed it, so the tests run one at a time to keep seeded samples reproducible.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
