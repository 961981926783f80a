namespace WaveletStack.Assertions;

/// <summary>The words of the Assert language, in one place: the parser reads them, conditions print them, the error lists them.</summary>
public static class AssertionWords
{
    public static readonly IReadOnlyDictionary<string, NodeMetric> NodeMetrics = new Dictionary<string, NodeMetric>
    {
        ["height"] = NodeMetric.Height, ["peers"] = NodeMetric.Peers,
    };

    public static readonly IReadOnlyDictionary<string, BenchmarkMetric> BenchmarkMetrics = new Dictionary<string, BenchmarkMetric>
    {
        ["accepted_tps"] = BenchmarkMetric.AcceptedTps, ["query_latency_ms"] = BenchmarkMetric.QueryLatencyMs,
    };

    // Longest first, so that ">=" is not read as ">" followed by "=".
    public static readonly IReadOnlyList<(string Symbol, Comparison Comparison)> Comparisons =
    [
        (">=", Comparison.AtLeast), ("<=", Comparison.AtMost), ("==", Comparison.EqualTo), ("!=", Comparison.NotEqualTo),
        (">", Comparison.Above), ("<", Comparison.Below), ("=", Comparison.EqualTo),
    ];

    public static string Name(NodeMetric metric) => NodeMetrics.First(m => m.Value == metric).Key;
    public static string Name(BenchmarkMetric metric) => BenchmarkMetrics.First(m => m.Value == metric).Key;
    public static string Symbol(Comparison comparison) => Comparisons.First(c => c.Comparison == comparison).Symbol;

    public static bool Holds(Comparison comparison, double observed, double wanted) => comparison switch
    {
        Comparison.AtLeast => observed >= wanted,
        Comparison.Above => observed > wanted,
        Comparison.AtMost => observed <= wanted,
        Comparison.Below => observed < wanted,
        Comparison.EqualTo => observed == wanted,
        _ => observed != wanted,
    };

    /// <summary>The whole language in a few lines: printed under every parse error and in --help's description.</summary>
    public const string Grammar =
        "Allowed clauses, joined with 'and':\n" +
        "  height|peers <op> <number> [on all|any|N|N..M]   each node's /ledger (default: on all)\n" +
        "  accepted_tps|query_latency_ms <op> <number>      the running benchmark's latest figures (summed TPS, mean latency)\n" +
        "  node N is up|down                                node N answers /ledger through the load balancer, or not\n" +
        "  api serving                                      the main API port answers\n" +
        "  healthy                                          what WaitHealthy waits for\n" +
        "  <op> is one of >= > <= < == !=";
}
