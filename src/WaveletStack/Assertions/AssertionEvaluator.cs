using System.Globalization;

namespace WaveletStack.Assertions;

/// <summary>How one clause fared against one observation, with the values it looked at (printed when it fails).</summary>
public sealed record ClauseResult(Condition Condition, bool Holds, string Observed);

/// <summary>Decides each clause of an assertion against one <see cref="StackObservation"/>; pure, so tested without a stack.</summary>
public static class AssertionEvaluator
{
    public static IReadOnlyList<ClauseResult> Evaluate(Assertion assertion, StackObservation seen) =>
        assertion.Conditions.Select(c => Evaluate(c, seen)).ToList();

    public static ClauseResult Evaluate(Condition condition, StackObservation seen) => condition switch
    {
        NodeMetricCondition c => EvaluateNodes(c, seen),
        BenchmarkMetricCondition c => EvaluateBenchmark(c, seen),
        NodeStateCondition c => new ClauseResult(c, seen.Node(c.Node).Answers == c.Up,
            seen.Node(c.Node).Answers ? $"node {c.Node} answers" : $"node {c.Node} does not answer"),
        ApiServingCondition c => new ClauseResult(c, seen.ApiServing, seen.ApiServing ? "API (main) serving" : "API (main) does not answer"),
        HealthyCondition c => new ClauseResult(c, seen.Healthy, seen.HealthText),
        _ => throw new ArgumentOutOfRangeException(nameof(condition), condition, "a clause the evaluator does not know"),
    };

    /// <summary>The node numbers a selection names on a stack of <paramref name="nodes"/> nodes.</summary>
    public static IEnumerable<int> Slots(NodeSelection selection, int nodes) =>
        selection.Which == NodeSelection.Kind.Range ? Enumerable.Range(selection.From, selection.To - selection.From + 1) : Enumerable.Range(1, nodes);

    static ClauseResult EvaluateNodes(NodeMetricCondition c, StackObservation seen)
    {
        var nodes = Slots(c.Nodes, seen.Nodes.Count).Select(seen.Node).ToList();
        bool Holds(NodeObservation n) => Value(c.Metric, n) is { } v && AssertionWords.Holds(c.Comparison, v, c.Value);
        var holds = nodes.Count > 0 && (c.Nodes.Which == NodeSelection.Kind.Any ? nodes.Any(Holds) : nodes.All(Holds));
        var observed = $"{AssertionWords.Name(c.Metric)}: " +
                       string.Join(" ", nodes.Select(n => $"{n.Node}={(Value(c.Metric, n) is { } v ? Number(v) : "no answer")}"));
        return new ClauseResult(c, holds, observed);
    }

    static double? Value(NodeMetric metric, NodeObservation node) => metric == NodeMetric.Height ? node.Height : node.Peers;

    static ClauseResult EvaluateBenchmark(BenchmarkMetricCondition c, StackObservation seen)
    {
        var value = c.Metric == BenchmarkMetric.AcceptedTps ? seen.AcceptedTps : seen.QueryLatencyMs;
        var name = AssertionWords.Name(c.Metric);
        if (seen.BenchmarkInstances == 0)
            return new ClauseResult(c, false, $"{name}: no benchmark runs (start one with `./build.sh Benchmark`)");
        if (value is null)
            return new ClauseResult(c, false, $"{name}: the benchmark ({seen.BenchmarkInstances} instance(s)) printed no figures in the last seconds");
        return new ClauseResult(c, AssertionWords.Holds(c.Comparison, value.Value, c.Value),
            $"{name}={Number(value.Value)} ({seen.BenchmarkInstances} instance(s), from {seen.FiguresFrom ?? "their output"})");
    }

    static string Number(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);
}
