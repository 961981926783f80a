using System.Diagnostics;
using Docker.DotNet;
using Docker.DotNet.Models;
using WaveletStack.Node;
using WaveletStack.Output;

namespace WaveletStack.Faults;

/// <summary>A fault in place, and what undoes it (nothing, for a kill: swarm or the agent repairs it).</summary>
public sealed class AppliedFault(Fault fault, NodeContainer container, Func<CancellationToken, Task>? undo)
{
    public Fault Fault => fault;
    public NodeContainer Container => container;
    public DateTimeOffset At { get; } = DateTimeOffset.UtcNow;

    /// <summary>
    /// Undoes the fault. Runs even after Ctrl-C (its own deadline, not the caller's token); a
    /// container swarm replaced meanwhile has nothing left to undo.
    /// </summary>
    public async Task UndoAsync()
    {
        if (undo is null) return;
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        try
        {
            await undo(deadline.Token);
            Ui.Info($"Undone: {fault} ({container.ContainerId[..12]}).");
        }
        catch (Exception e) when (e is DockerContainerNotFoundException or ContainerGoneException)
        {
            Ui.Info($"Nothing to undo for {fault}: swarm replaced the container {container.ContainerId[..12]} meanwhile.");
        }
    }
}

/// <summary>
/// KillNode, KillWavelet, PauseNode, PartitionNode, DelayNode: applies one fault to one container
/// of one stack (found by the stack's own services, so no other stack is ever touched), holds it
/// for its duration, and undoes it at the end or on Ctrl-C.
/// </summary>
public sealed class FaultInjector(NodeLocator locator)
{
    public async Task<AppliedFault> ApplyAsync(Fault fault, CancellationToken cancellationToken)
    {
        fault.Validated();
        var node = await locator.FindAsync(fault.Node, cancellationToken);
        var engine = node.Engine;
        switch (fault.Kind)
        {
            case FaultKind.Kill:
                await engine.Containers.KillContainerAsync(node.ContainerId, new ContainerKillParameters { Signal = "KILL" }, cancellationToken);
                return new AppliedFault(fault, node, null);
            case FaultKind.KillWavelet:
                // pkill exits 1 when nothing matched: /wavelet is down already (the agent is restarting it).
                await ContainerExec.ShellCheckedAsync(node, "kill /wavelet", "pkill -KILL -x wavelet", cancellationToken);
                return new AppliedFault(fault, node, null);
            case FaultKind.Pause:
                await engine.Containers.PauseContainerAsync(node.ContainerId, cancellationToken);
                return new AppliedFault(fault, node, token => engine.Containers.UnpauseContainerAsync(node.ContainerId, token));
            case FaultKind.Partition:
                await NetworkFaults.PartitionAsync(node, cancellationToken);
                return new AppliedFault(fault, node, token => NetworkFaults.HealAsync(node, token));
            default:
                await NetworkFaults.DelayAsync(node, fault.Latency!.Value, cancellationToken);
                return new AppliedFault(fault, node, token => NetworkFaults.HealAsync(node, token));
        }
    }

    /// <summary>The fault targets: apply, say so, hold for the duration (Ctrl-C ends it early), undo.</summary>
    public async Task RunAsync(Fault fault, CancellationToken cancellationToken)
    {
        var applied = await ApplyAsync(fault, cancellationToken);
        Ui.Info($"{locator.Stack}: {fault} (container {applied.Container.ContainerId[..12]}).");
        if (!fault.Lasts)
        {
            Ui.Success(fault.Kind == FaultKind.Kill
                ? $"Killed; swarm starts a new container. Watch it with `./build.sh Status --watch --stack {locator.Stack}`."
                : $"Killed; the agent starts /wavelet again. Watch it with `./build.sh Status --watch --stack {locator.Stack}`.");
            return;
        }
        var watch = Stopwatch.StartNew();
        try
        {
            var duration = fault.Duration!.Value;
            for (var left = duration; left > TimeSpan.Zero; left = duration - watch.Elapsed)
            {
                Ui.Progress($"{fault.Kind} holds", $"{watch.Elapsed.TotalSeconds:0} of {duration.TotalSeconds:0} s; Ctrl-C undoes it now");
                await Task.Delay(left < TimeSpan.FromSeconds(1) ? left : TimeSpan.FromSeconds(1), cancellationToken);
            }
            Ui.EndProgress();
        }
        finally
        {
            Ui.EndProgress();
            await applied.UndoAsync();
        }
    }
}
