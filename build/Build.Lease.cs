using WaveletStack.Docker;
using WaveletStack.Stack;
using WaveletStack.Targets;

/// <summary>
/// The stack's lease (StackLease): a run that changes a stack holds it from its first changing
/// target to its end, so two runs never change one stack at once, from one machine or several.
/// </summary>
partial class Build
{
    [Parameter("Targets that change a stack: exit 1 at once when another run is changing it, instead of waiting")]
    readonly bool NoWait;

    // What a run may change: a run invoking any of these takes the lease before its first step
    // (RenderCompose's port planning included: two deploys must not pick the same ports).
    static readonly string[] ChangingTargets =
        [nameof(DeployStack), nameof(StopStack), nameof(ResetStack), nameof(CleanVolumes), nameof(RestartWavelet),
         nameof(RestoreDb), nameof(DuplicateStack), nameof(SnapshotStack), nameof(RestoreStack), nameof(Sweep), nameof(Benchmark), nameof(StopBenchmark),
         nameof(KillNode), nameof(KillWavelet), nameof(PauseNode), nameof(PartitionNode), nameof(DelayNode), nameof(FaultSuite)];

    readonly Dictionary<string, StackLease> leases = new();

    bool ChangesStacks => InvokedTargets.Any(t => ChangingTargets.Contains(t));

    /// <summary>Holds <paramref name="stack"/>'s lease until the run ends (taken once per run).</summary>
    async Task HoldLeaseAsync(IEngineConnection engine, string stack)
    {
        if (leases.ContainsKey(stack)) return;
        leases[stack] = await StackLease.AcquireAsync(engine.Manager, stack, string.Join(", ", InvokedTargets), NoWait, CancellationToken);
    }

    /// <summary>The stack's lifecycle, with its lease held.</summary>
    async Task<StackLifecycle> ChangingStackLifecycleAsync()
    {
        var lifecycle = await StackLifecycleAsync();
        await HoldLeaseAsync(stackEngine!, Stack);
        return lifecycle;
    }

    async Task ReleaseLeasesAsync()
    {
        foreach (var lease in leases.Values) await lease.DisposeAsync();
        leases.Clear();
    }
}
