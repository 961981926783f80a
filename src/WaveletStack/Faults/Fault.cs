using WaveletStack.Node;

namespace WaveletStack.Faults;

/// <summary>What a fault does to one container of a stack.</summary>
public enum FaultKind
{
    /// <summary>SIGKILL the container; swarm starts another.</summary>
    Kill,
    /// <summary>SIGKILL only `/wavelet`; the agent starts it again in the same container.</summary>
    KillWavelet,
    /// <summary>Freeze every process of the container (`docker pause`), for a while.</summary>
    Pause,
    /// <summary>Drop the container's traffic on the stack network, for a while.</summary>
    Partition,
    /// <summary>Add latency to everything the container sends on the stack network, for a while.</summary>
    Delay,
}

/// <summary>
/// One fault against one container of a stack: what, where, for how long (the faults that last),
/// and the added latency (Delay).
/// </summary>
public sealed record Fault(FaultKind Kind, NodeId Node, TimeSpan? Duration = null, TimeSpan? Latency = null)
{
    /// <summary>Pause, Partition and Delay hold for a duration and are then undone; kills are over at once.</summary>
    public bool Lasts => Kind is FaultKind.Pause or FaultKind.Partition or FaultKind.Delay;

    /// <summary>The longest a fault may be held: longer is a stopped node, not a fault.</summary>
    public static readonly TimeSpan LongestDuration = TimeSpan.FromHours(1);

    /// <summary>Refuses what cannot be applied, before anything is touched.</summary>
    public Fault Validated()
    {
        if (Lasts && Duration is null)
            throw new UserErrorException($"{Kind}Node needs --duration S: how many seconds the fault holds before it is undone (for example --duration 30).");
        if (Duration is { } d && (d <= TimeSpan.Zero || d > LongestDuration))
            throw new UserErrorException($"--duration {d.TotalSeconds:0.###} is not valid; give seconds above 0 and at most {LongestDuration.TotalSeconds:0}.");
        if (Kind == FaultKind.Delay && Latency is not { } latency)
            throw new UserErrorException("DelayNode needs --delay: the latency to add, for example --delay 200ms.");
        if (Latency is { } l && (l < TimeSpan.FromMilliseconds(1) || l > TimeSpan.FromSeconds(10)))
            throw new UserErrorException($"--delay {l.TotalMilliseconds:0.###}ms is not valid; give 1ms to 10s (for example --delay 200ms).");
        if (Kind == FaultKind.KillWavelet && !Node.IsWavelet)
            throw new UserErrorException($"KillWavelet acts on a Wavelet node (1…N); '{Node}' runs no /wavelet. Use KillNode --node {Node} to kill its container.");
        return this;
    }

    public override string ToString() => Kind switch
    {
        FaultKind.Kill => $"kill {Describe(Node)}'s container",
        FaultKind.KillWavelet => $"kill /wavelet in node {Node}",
        FaultKind.Pause => $"pause {Describe(Node)} for {Seconds(Duration)}",
        FaultKind.Partition => $"cut {Describe(Node)} off the stack network for {Seconds(Duration)}",
        _ => $"delay {Describe(Node)}'s traffic by {Latency?.TotalMilliseconds:0} ms for {Seconds(Duration)}",
    };

    static string Describe(NodeId node) => node.IsWavelet ? $"node {node}" : $"{node}";
    static string Seconds(TimeSpan? span) => $"{span?.TotalSeconds:0.###} s";
}
