using System.Diagnostics;
using WaveletStack.Output;

namespace WaveletStack.Assertions;

/// <summary>How an Assert run ended: whether it held, the last look's clauses, and how long looks took.</summary>
public sealed record AssertionOutcome(bool Holds, IReadOnlyList<ClauseResult> Last, int Polls, TimeSpan Elapsed, TimeSpan MedianPoll, TimeSpan SlowestPoll, string? Broke);

/// <summary>
/// Polls the stack about once a second until the assertion holds (for --for without a break), or
/// --within runs out. Prints a progress line per look and, at the end, each clause with what was
/// last observed; throws (exit 1) when it did not hold, naming those values.
/// </summary>
public static class AssertionRunner
{
    public static readonly TimeSpan PollEvery = TimeSpan.FromSeconds(1);

    public static async Task<AssertionOutcome> RunAndReportAsync(Func<bool, bool, CancellationToken, Task<StackObservation>> observe,
        AssertOptions options, CancellationToken cancellationToken)
    {
        var outcome = await RunAsync(observe, options, cancellationToken);
        var table = new Table("CLAUSE", "HOLDS", "OBSERVED");
        foreach (var clause in outcome.Last) table.Add(clause.Condition.Text, clause.Holds ? "yes" : "NO", clause.Observed);
        Ui.Info(table.ToString().TrimEnd());
        var looks = $"{outcome.Polls} look(s) in {outcome.Elapsed.TotalSeconds:0.0} s, each {outcome.MedianPoll.TotalSeconds:0.00} s (median), slowest {outcome.SlowestPoll.TotalSeconds:0.00} s";
        if (outcome.Holds)
        {
            Ui.Success($"Holds: {options.Assertion}{(options.For is { } f ? $" (for {f.TotalSeconds:0.#} s)" : "")} ({looks}).");
            return outcome;
        }
        var failing = string.Join("; ", outcome.Last.Where(c => !c.Holds).Select(c => $"{c.Condition.Text} ({c.Observed})"));
        var when = options.Within is { } w ? $"within {w.TotalSeconds:0.#} s" : "at the first look";
        throw new UserErrorException(outcome.Broke is not null
            ? $"Does not hold: {outcome.Broke}; last observed: {failing} ({looks})."
            : $"Does not hold {when}: {failing} ({looks}).");
    }

    public static async Task<AssertionOutcome> RunAsync(Func<bool, bool, CancellationToken, Task<StackObservation>> observe,
        AssertOptions options, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var within = options.Within ?? TimeSpan.Zero;
        var holdFor = options.For ?? TimeSpan.Zero;
        TimeSpan? holdingSince = null;
        var polls = new List<TimeSpan>();
        try
        {
            while (true)
            {
                var seen = await observe(options.NeedsBenchmark, options.NeedsHealth, cancellationToken);
                polls.Add(seen.ReadIn);
                var results = AssertionEvaluator.Evaluate(options.Assertion, seen);
                var now = clock.Elapsed;
                AssertionOutcome Outcome(bool holds, string? broke = null) =>
                    new(holds, results, polls.Count, now, polls.Order().ElementAt(polls.Count / 2), polls.Max(), broke);
                if (results.All(r => r.Holds))
                {
                    holdingSince ??= now;
                    if (now - holdingSince >= holdFor) return Outcome(true);
                    Ui.Progress($"holds for {(now - holdingSince.Value).TotalSeconds:0} of {holdFor.TotalSeconds:0} s", $"{now.TotalSeconds:0.0} s");
                }
                else
                {
                    // Once it held, --for asks that it keep holding: a break after --within ran out ends the run.
                    if (holdingSince is { } since && now > within)
                        return Outcome(false, $"it held for {(now - since).TotalSeconds:0.#} s, then broke ({holdFor.TotalSeconds:0.#} s asked)");
                    holdingSince = null;
                    if (now >= within) return Outcome(false);
                    Ui.Progress($"{results.Count(r => r.Holds)}/{results.Count} clauses hold; {string.Join("; ", results.Where(r => !r.Holds).Select(r => r.Observed))}",
                        $"{now.TotalSeconds:0.0} s");
                }
                var rest = PollEvery - seen.ReadIn;
                if (rest > TimeSpan.Zero) await Task.Delay(rest, cancellationToken);
            }
        }
        finally
        {
            Ui.EndProgress();
        }
    }
}
