using System.Diagnostics;
using System.Reflection;

namespace WaveletStack.Targets;

public enum TargetStatus { Succeeded, Failed, Skipped, NotRun }

/// <summary>How one planned target ended; <paramref name="ExitCode"/> is set when it failed with an <see cref="ExitCodeException"/>.</summary>
public sealed record TargetResult(string Name, TargetStatus Status, TimeSpan Duration, string? Note = null, int? ExitCode = null);

/// <summary>Runs the plan in order; after a failure (or Ctrl-C) the remaining targets are not run.</summary>
internal static class Executor
{
    public static async Task<List<TargetResult>> RunAsync(IReadOnlyList<PlannedTarget> plan, BuildRun run, bool verbose)
    {
        var results = new List<TargetResult>();
        var stopped = false;
        foreach (var planned in plan)
        {
            var target = planned.Target;
            if (stopped || run.CancellationToken.IsCancellationRequested)
            {
                results.Add(new TargetResult(target.Name, TargetStatus.NotRun, TimeSpan.Zero));
                continue;
            }
            var clock = Stopwatch.StartNew();
            try
            {
                if ((planned.SkipReason ?? DynamicSkipReason(target)) is { } reason)
                {
                    results.Add(new TargetResult(target.Name, TargetStatus.Skipped, TimeSpan.Zero, reason));
                    continue;
                }
                // Banners go to stderr with the summary, so stdout holds only what targets print
                // (`./build.sh ShowConfig > saved.conf` must load back).
                run.Error.WriteLine($"==> {target.Name}");
                foreach (var action in target.Actions) await action();
                results.Add(new TargetResult(target.Name, TargetStatus.Succeeded, clock.Elapsed));
            }
            catch (Exception e)
            {
                var cause = Unwrap(e);
                var message = cause is OperationCanceledException && run.CancellationToken.IsCancellationRequested
                    ? "cancelled" : cause.Message;
                run.Error.WriteLine($"error: {target.Name} failed: {message}");
                if (verbose) run.Error.WriteLine(cause.ToString());
                results.Add(new TargetResult(target.Name, TargetStatus.Failed, clock.Elapsed, ExitCode: (cause as ExitCodeException)?.ExitCode));
                stopped = true;
            }
        }
        return results;
    }

    static string? DynamicSkipReason(TargetDefinition target) =>
        target.DynamicConditions.FirstOrDefault(c => !c.Compile()()) is { } condition
            ? "condition false: " + Conditions.Text(condition) : null;

    static Exception Unwrap(Exception e) => e switch
    {
        AggregateException { InnerExceptions.Count: 1 } a => Unwrap(a.InnerExceptions[0]),
        TargetInvocationException { InnerException: { } inner } => Unwrap(inner),
        _ => e,
    };
}
