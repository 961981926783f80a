namespace WaveletStack.Assertions;

/// <summary>A node metric read from each node's `/ledger` (through the load balancer, as Status reads it).</summary>
public enum NodeMetric { Height, Peers }

/// <summary>A stack-wide metric read from the benchmark's own output lines (needs a running benchmark).</summary>
public enum BenchmarkMetric { AcceptedTps, QueryLatencyMs }

public enum Comparison { AtLeast, Above, AtMost, Below, EqualTo, NotEqualTo }

/// <summary>Which nodes a node clause is about: every one, any one, or the slots <see cref="From"/>..<see cref="To"/>.</summary>
public sealed record NodeSelection(NodeSelection.Kind Which, int From = 0, int To = 0)
{
    public enum Kind { All, Any, Range }

    public static readonly NodeSelection All = new(Kind.All);
    public static readonly NodeSelection Any = new(Kind.Any);

    public override string ToString() => Which switch
    {
        Kind.All => "all",
        Kind.Any => "any",
        _ => From == To ? $"{From}" : $"{From}..{To}",
    };
}

/// <summary>One parsed clause of an Assert expression; <see cref="Text"/> is how it reads back.</summary>
public abstract record Condition
{
    public abstract string Text { get; }
    public override string ToString() => Text;
}

/// <summary>`height >= 50 on all`, `peers >= 2 on 1..5`.</summary>
public sealed record NodeMetricCondition(NodeMetric Metric, Comparison Comparison, double Value, NodeSelection Nodes) : Condition
{
    public override string Text => $"{AssertionWords.Name(Metric)} {AssertionWords.Symbol(Comparison)} {Value} on {Nodes}";
}

/// <summary>`accepted_tps > 500`: the benchmark instances' latest figures.</summary>
public sealed record BenchmarkMetricCondition(BenchmarkMetric Metric, Comparison Comparison, double Value) : Condition
{
    public override string Text => $"{AssertionWords.Name(Metric)} {AssertionWords.Symbol(Comparison)} {Value}";
}

/// <summary>`node 3 is up` / `node 3 is down`: whether node 3 answers `/ledger` through the load balancer.</summary>
public sealed record NodeStateCondition(int Node, bool Up) : Condition
{
    public override string Text => $"node {Node} is {(Up ? "up" : "down")}";
}

/// <summary>`api serving`: the stack's main API port (node 1 behind the load balancer) answers.</summary>
public sealed record ApiServingCondition : Condition
{
    public override string Text => "api serving";
}

/// <summary>`healthy`: what WaitHealthy waits for (every node running, peered, answering; API serving).</summary>
public sealed record HealthyCondition : Condition
{
    public override string Text => "healthy";
}

/// <summary>A whole expression: clauses joined with `and`, all of which must hold.</summary>
public sealed record Assertion(IReadOnlyList<Condition> Conditions)
{
    public override string ToString() => string.Join(" and ", Conditions.Select(c => c.Text));
}
