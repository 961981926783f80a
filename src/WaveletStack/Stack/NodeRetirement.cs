using System.Diagnostics;
using Docker.DotNet;
using Docker.DotNet.Models;
using WaveletStack.Docker;
using WaveletStack.Output;

namespace WaveletStack.Stack;

/// <summary>
/// A scale-down removes the highest nodes. Swarm alone would not: it removes whichever tasks
/// balance its hosts best, so 4 → 3 could drop node 2 (and leave its volume idle) and keep
/// node 4. So before the service shrinks, each node above the new count is retired: SIGUSR1
/// makes its agent leave the peers and exit 0, and as the node service restarts only on
/// failure, its slot ends. Swarm then drops exactly the ended slots.
/// </summary>
public static class NodeRetirement
{
    /// <summary>The agent's departure (6 s) and the stop grace period (10 s), with room to spare.</summary>
    static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);
    const string RetireSignal = "USR1";

    public static async Task RetireAboveAsync(IEngineConnection engine, string stack, SwarmService service, ulong count,
        CancellationToken cancellationToken)
    {
        var leaving = (await StackServices.TasksAsync(engine.Manager, stack, cancellationToken))
            .Where(t => t.ServiceID == service.ID && (ulong)t.Slot > count && t.DesiredState == TaskState.Running
                        && t.Status?.ContainerStatus?.ContainerID is not null)
            .OrderBy(t => t.Slot).ToList();
        if (leaving.Count == 0) return;
        var names = string.Join(", ", leaving.Select(t => t.Slot));
        Ui.Info($"Retiring node{(leaving.Count > 1 ? "s" : "")} {names}: leaving the peers, then stopping for good.");
        foreach (var task in leaving)
        {
            var host = await engine.ForSwarmNodeAsync(task.NodeID, cancellationToken);
            try
            {
                await host.Containers.KillContainerAsync(task.Status.ContainerStatus.ContainerID,
                    new ContainerKillParameters { Signal = RetireSignal }, cancellationToken);
            }
            catch (DockerApiException) { } // it stopped meanwhile: nothing to retire
        }

        var watch = Stopwatch.StartNew();
        var ids = leaving.Select(t => t.ID).ToHashSet();
        while (true)
        {
            var still = (await StackServices.TasksAsync(engine.Manager, stack, cancellationToken))
                .Where(t => ids.Contains(t.ID) && t.Status?.State is TaskState.Starting or TaskState.Running).Select(t => t.Slot).ToList();
            if (still.Count == 0) break;
            if (watch.Elapsed > Bound)
            {
                Ui.EndProgress();
                Ui.Warn($"node{(still.Count > 1 ? "s" : "")} {string.Join(", ", still)} did not stop within {Bound.TotalSeconds:0} s of being retired; " +
                        "swarm chooses which nodes the scale-down removes.");
                return;
            }
            Ui.Progress($"retiring node{(still.Count > 1 ? "s" : "")} {string.Join(", ", still)}", $"{watch.Elapsed.TotalSeconds:0.0} s");
            await Task.Delay(200, cancellationToken);
        }
        Ui.EndProgress();
        Ui.Info($"Retired node{(leaving.Count > 1 ? "s" : "")} {names} ({watch.Elapsed.TotalSeconds:0.0} s).");
    }
}
