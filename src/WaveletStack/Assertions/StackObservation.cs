namespace WaveletStack.Assertions;

/// <summary>One node as one poll saw it: whether it answered `/ledger`, and what it said.</summary>
public sealed record NodeObservation(int Node, long? Height, int? Peers)
{
    public bool Answers => Height is not null;
}

/// <summary>
/// Everything one poll of Assert saw, from the sources Status uses: every node's `/ledger` through
/// the load balancer, the main API port, WaitHealthy's verdict, and the running benchmark
/// instances' latest figures (null when none printed any in the last seconds), with where they
/// were read (<paramref name="FiguresFrom"/>: the stack's Prometheus, or the instances' output).
/// </summary>
public sealed record StackObservation(
    IReadOnlyList<NodeObservation> Nodes,
    bool ApiServing,
    bool Healthy,
    string HealthText,
    int BenchmarkInstances,
    double? AcceptedTps,
    double? QueryLatencyMs,
    TimeSpan ReadIn,
    string? FiguresFrom = null)
{
    public NodeObservation Node(int node) =>
        node >= 1 && node <= Nodes.Count ? Nodes[node - 1] : new NodeObservation(node, null, null);
}
