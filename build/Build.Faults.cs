using WaveletStack.Faults;
using WaveletStack.Node;
using WaveletStack.Targets;

/// <summary>
/// Fault injection: KillNode, KillWavelet, PauseNode, PartitionNode, DelayNode act on one
/// container of the stack and undo what they changed; FaultSuite runs them in turn and measures recovery.
/// </summary>
partial class Build
{
    [Parameter("DelayNode: the latency to add (200ms, 1s); FaultSuite: the one its delay fault adds (default 200ms)")]
    readonly TimeSpan? Delay;

    [Parameter("FaultSuite: the faults to run, comma-separated (default all: kill,killwavelet,pause,partition,delay,sync,loadbalancer)")]
    readonly string? Faults;

    [Parameter("FaultSuite: run one benchmark instance throughout and report accepted TPS before, during and after each fault"), CommandLineOnly]
    readonly bool WithBenchmark;

    Target KillNode => _ => _
        .Description("SIGKILL a container of the stack (--node 1…N, sync, loadbalancer, benchmark.K); swarm starts another")
        .Requires(() => Node)
        .Executes(async () => await InjectAsync(new Fault(FaultKind.Kill, NodeId.Parse(Node))));

    Target KillWavelet => _ => _
        .Description("SIGKILL only /wavelet in a node (--node); the agent starts it again in the same container")
        .Requires(() => Node)
        .Executes(async () => await InjectAsync(new Fault(FaultKind.KillWavelet, NodeId.Parse(Node))));

    Target PauseNode => _ => _
        .Description("Freeze a container (docker pause) for --duration S, then unpause it (also on Ctrl-C)")
        .Requires(() => Node).Requires(() => Duration)
        .Executes(async () => await InjectAsync(new Fault(FaultKind.Pause, NodeId.Parse(Node), Seconds(Duration))));

    Target PartitionNode => _ => _
        .Description("Cut a container off the stack network for --duration S (iptables in its network namespace), then heal it")
        .Requires(() => Node).Requires(() => Duration)
        .Executes(async () => await InjectAsync(new Fault(FaultKind.Partition, NodeId.Parse(Node), Seconds(Duration))));

    Target DelayNode => _ => _
        .Description("Add --delay latency to a container's traffic on the stack network for --duration S (tc netem), then remove it")
        .Requires(() => Node).Requires(() => Duration).Requires(() => Delay)
        .Executes(async () => await InjectAsync(new Fault(FaultKind.Delay, NodeId.Parse(Node), Seconds(Duration), Delay)));

    Target FaultSuite => _ => _
        .Description("Each fault in turn against --node (default 2), sync and the load balancer; table, JSON and chart of recovery (--faults, --duration, --timeout, --with-benchmark, --output DIR)")
        .Executes(async () =>
        {
            var configuration = await LoadStackConfigurationAsync();
            var options = FaultSuiteOptions.Create(Faults, Node, configuration.Nodes, Duration, Timeout, Delay, WithBenchmark,
                Output ?? Path.Combine(RootDirectory, "artifacts", "faults"));
            await HoldLeaseAsync(await NodeEngineAsync(), Stack);
            await WaveletStack.Faults.FaultSuite.RunAndReportAsync(new NodeLocator(await NodeEngineAsync(), Stack), configuration, options, CancellationToken);
        });

    async Task InjectAsync(Fault fault)
    {
        fault.Validated(); // bad input is refused before the stack is looked at
        await HoldLeaseAsync(await NodeEngineAsync(), Stack);
        await new FaultInjector(new NodeLocator(await NodeEngineAsync(), Stack)).RunAsync(fault, CancellationToken);
    }

    static TimeSpan? Seconds(int? seconds) => seconds is { } s ? TimeSpan.FromSeconds(s) : null;
}
