using WaveletStack.Node;

namespace WaveletStack.Faults;

/// <summary>
/// What FaultSuite runs: the faults by name, in the order given, against one node (kill,
/// killwavelet, pause, partition, delay) or a service (sync, loadbalancer).
/// </summary>
/// <param name="Hold">How long pause, partition and delay last before they are undone.</param>
/// <param name="Limit">How long the stack may take to recover from one fault.</param>
/// <param name="Explicit">The user named the faults: one the hosts cannot apply is then a failure, not a skip.</param>
public sealed record FaultSuiteOptions(
    IReadOnlyList<string> Faults, NodeId Node, TimeSpan Hold, TimeSpan Limit, TimeSpan Latency, bool WithBenchmark, string OutputFolder,
    bool Explicit)
{
    /// <summary>Every fault the suite knows, in the order it runs them by default.</summary>
    public static readonly IReadOnlyList<string> Known = ["kill", "killwavelet", "pause", "partition", "delay", "sync", "loadbalancer"];

    public static readonly TimeSpan DefaultHold = TimeSpan.FromSeconds(30);
    public static readonly TimeSpan DefaultLimit = TimeSpan.FromSeconds(60);
    public static readonly TimeSpan DefaultLatency = TimeSpan.FromMilliseconds(200);

    /// <summary>Parses `--faults a,b,c` (null: all) and checks the rest; nothing is touched before this passes.</summary>
    public static FaultSuiteOptions Create(string? faults, string? node, int nodes, int? holdSeconds, TimeSpan? limit, TimeSpan? latency,
        bool withBenchmark, string outputFolder)
    {
        var names = faults is null ? Known.ToList()
            : faults.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(f => f.ToLowerInvariant()).ToList();
        var unknown = names.Where(n => !Known.Contains(n)).ToList();
        if (names.Count == 0 || unknown.Count > 0)
            throw new UserErrorException($"--faults '{faults}' is not valid{(unknown.Count > 0 ? $" ({string.Join(", ", unknown)} unknown)" : "")}; " +
                                         $"give a comma-separated list of {string.Join(", ", Known)}.");
        if (names.Distinct().Count() != names.Count)
            throw new UserErrorException($"--faults '{faults}' names a fault twice; give each once, from {string.Join(", ", Known)}.");
        var target = NodeId.Parse(node ?? (nodes >= 2 ? "2" : "1"));
        if (!target.IsWavelet || target.Slot > nodes)
            throw new UserErrorException($"FaultSuite --node {target} is not valid; give a Wavelet node of the stack, 1…{nodes} " +
                                         "(sync and the load balancer have faults of their own: --faults sync,loadbalancer).");
        if (limit is { } l && l <= TimeSpan.Zero)
            throw new UserErrorException($"--timeout {l.TotalSeconds:0.###} is not valid; give the recovery limit in seconds, above 0 (default {DefaultLimit.TotalSeconds:0}).");
        var options = new FaultSuiteOptions(names, target, holdSeconds is { } h ? TimeSpan.FromSeconds(h) : DefaultHold, limit ?? DefaultLimit,
            latency ?? DefaultLatency, withBenchmark, outputFolder, faults is not null);
        foreach (var fault in options.Plan()) fault.Fault.Validated();
        return options;
    }

    /// <summary>Each named fault as the fault it applies.</summary>
    public IReadOnlyList<(string Name, Fault Fault)> Plan() => Faults.Select(name => (name, name switch
    {
        "kill" => new Fault(FaultKind.Kill, Node),
        "killwavelet" => new Fault(FaultKind.KillWavelet, Node),
        "pause" => new Fault(FaultKind.Pause, Node, Hold),
        "partition" => new Fault(FaultKind.Partition, Node, Hold),
        "delay" => new Fault(FaultKind.Delay, Node, Hold, Latency),
        "sync" => new Fault(FaultKind.Kill, NodeId.Parse(NodeId.SyncService)),
        _ => new Fault(FaultKind.Kill, NodeId.Parse(NodeId.LoadBalancerService)),
    })).ToList();
}
