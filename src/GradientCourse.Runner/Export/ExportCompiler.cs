using System.Collections.Immutable;
using System.Globalization;
using GradientCourse.Runner.Execution;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace GradientCourse.Runner.Export;

/// <summary>Compiles an exported program in process, as the SDK would compile the file-based app (top-level program,
/// the SDK's implicit usings, the packages and projects it names), without running a build: a quick proof that the
/// conversion is valid C#, and the semantic facts the conversion needs (which displayed expressions have no value).</summary>
public sealed class ExportCompiler(NuGetResolver resolver)
{
    /// <summary>The SDK's implicit usings for console apps (Microsoft.NET.Sdk).</summary>
    private const string ImplicitUsings =
        "global using System; global using System.Collections.Generic; global using System.IO; global using System.Linq; " +
        "global using System.Net.Http; global using System.Threading; global using System.Threading.Tasks;";

    /// <summary>Compile errors of the program (empty when it compiles) and the display sites whose expression is void.</summary>
    public (IReadOnlyList<string> Errors, ISet<int> VoidDisplays) Check(ExportedProgram program)
    {
        var references = new List<MetadataReference>(ScriptSession.FrameworkReferences);
        var errors = new List<string>();
        foreach (var package in program.Packages)
        {
            try
            {
                references.AddRange(resolver.Resolve(package.Id, package.Version).Select(p => MetadataReference.CreateFromFile(p)));
            }
            catch (InvalidOperationException e)
            {
                errors.Add(e.Message);
            }
        }
        foreach (var project in program.Projects)
        {
            var name = Path.GetFileNameWithoutExtension(project);
            var dll = Path.Combine(Path.GetDirectoryName(project)!, "bin", "Debug", "net10.0", name + ".dll");
            if (File.Exists(dll))
            {
                references.Add(MetadataReference.CreateFromFile(dll));
            }
            else
            {
                errors.Add($"{dll} is not built (dotnet build {project})");
            }
        }

        // '#:' directives are the SDK's business: blank them (line numbers stay those of the file).
        var text = string.Join("\n", program.Source.Split('\n').Select(l => l.StartsWith("#:", StringComparison.Ordinal) ? "" : l));
        var options = new CSharpParseOptions(LanguageVersion.Latest);
        var tree = CSharpSyntaxTree.ParseText(text, options, path: program.Name + ".cs");
        var compilation = CSharpCompilation.Create(
            "export_" + program.Name.Replace('-', '_'),
            [tree, CSharpSyntaxTree.ParseText(ImplicitUsings, options)],
            references.Distinct(),
            new CSharpCompilationOptions(OutputKind.ConsoleApplication, nullableContextOptions: NullableContextOptions.Disable));

        var model = compilation.GetSemanticModel(tree);
        var voids = new HashSet<int>();
        var sites = tree.GetRoot().DescendantNodes().OfType<InvocationExpressionSyntax>()
            .Where(i => i.Expression is MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Display", Expression: IdentifierNameSyntax { Identifier.ValueText: NotebookExporter.HelperClass } })
            .OrderBy(i => i.SpanStart).ToList();
        for (var k = 0; k < sites.Count; k++)
        {
            var argument = sites[k].ArgumentList.Arguments.FirstOrDefault()?.Expression;
            if (argument is not null && model.GetTypeInfo(argument).Type?.SpecialType == SpecialType.System_Void)
            {
                voids.Add(k);
            }
        }
        ImmutableArray<Diagnostic> diagnostics = compilation.GetDiagnostics();
        errors.AddRange(diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).Take(20).Select(d => d.ToString()));
        return (errors, voids);
    }

    /// <summary>A count with its noun, for log lines.</summary>
    internal static string Count(int n, string noun) => n.ToString(CultureInfo.InvariantCulture) + " " + noun + (n == 1 ? "" : "s");
}
