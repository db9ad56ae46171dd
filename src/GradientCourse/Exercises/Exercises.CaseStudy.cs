using System.Globalization;

namespace GradientCourse;

public static partial class Exercises
{
    /// <summary>
    /// 09.2: trains the learner's deep net (<c>TrainDeepNet(seed)</c> returns the trained model) and checks its depth
    /// (at least <paramref name="minDepth"/> Dense layers) and its validation RMSE in MW (below <paramref name="targetMw"/>).
    /// </summary>
    public static CheckResult CheckDeepElectricityNet(string id, Func<int, Mlp> trainDeepNet, ElectricityTask task, int minDepth, double targetMw)
    {
        ArgumentNullException.ThrowIfNull(trainDeepNet);
        ArgumentNullException.ThrowIfNull(task);
        const string hint = "diagnose your own run with the X-ray of this notebook (per-layer gradient norms, update:data ratios) and apply the fixes in the order of the summary.";
        return Run(id, hint, () =>
        {
            var model = trainDeepNet(3);
            if (model is null)
            {
                return Fail(id, "your function returned null; return the trained Mlp.", hint);
            }

            if (model.Depth < minDepth)
            {
                return Fail(id, $"your net has {model.Depth} Dense layers; this exercise is about a deep net: use at least {minDepth}.", hint);
            }

            var rmse = task.ValidationRmseMw(model);
            if (!(rmse < targetMw))
            {
                return Fail(id, string.Create(CultureInfo.InvariantCulture, $"trained with seed 3, your {model.Depth}-layer net reaches a validation RMSE of {rmse:F1} MW; the target is below {targetMw:F1} MW."), hint);
            }

            return Pass(id, string.Create(CultureInfo.InvariantCulture, $"your {model.Depth}-layer net reaches {rmse:F1} MW on the validation weeks (target: below {targetMw:F1} MW), trained with a seed you did not choose."));
        });
    }

    /// <summary>09.3: checks <c>Diagnose(caseNumber)</c> on ten <see cref="BrokenRuns"/> cases.</summary>
    public static CheckResult CheckDiagnosis(string id, Func<int, string> diagnose)
    {
        ArgumentNullException.ThrowIfNull(diagnose);
        const string hint = "decide in order: did the run diverge? what did the loss and the per-layer gradient norms look like at step 0? are units dead? how large are the update:data ratios?";
        return Run(id, hint, () =>
        {
            for (var number = 1; number <= 10; number++)
            {
                var answer = diagnose(number)?.Trim() ?? string.Empty;
                if (!BrokenRuns.Causes.Contains(answer, StringComparer.Ordinal))
                {
                    return Fail(id, $"for case {number} you answered \"{answer}\", which is not one of {string.Join(", ", BrokenRuns.Causes.Select(c => $"\"{c}\""))}.", hint);
                }

                var cause = BrokenRuns.CauseOf(number);
                if (answer == cause)
                {
                    continue;
                }

                var look = cause switch
                {
                    "vanishing" => "compare the gradient norm of layer 1 with that of the last layer",
                    "dead-relu" => "look at the dead-unit fractions of the hidden layers",
                    "exploding" => "look at the loss and the per-layer gradient norms at step 0, before the learning rate could do anything",
                    "lr-too-high" => "at step 0 this run looks healthy; look at what the loss does in the steps after",
                    _ => "look at the update:data ratios of all the layers",
                };
                return Fail(id, $"case {number} is not \"{answer}\": {look}.", hint);
            }

            return Pass(id, "your diagnosis is right for all ten cases.");
        });
    }
}
