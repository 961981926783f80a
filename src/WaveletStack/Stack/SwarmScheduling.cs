using System.Diagnostics;
using Docker.DotNet;
using Docker.DotNet.Models;
using WaveletStack.Output;

namespace WaveletStack.Stack;

/// <summary>
/// Makes sure swarm scheduled a task for every replica of a service it was just given. Seen here
/// with the real node: 3 → 4 right after 4 → 3 left the service at 4 replicas with three tasks
/// and nothing scheduled for minutes; the same spec handed over again makes swarm's orchestrator
/// reconcile, and the task appears at once.
/// </summary>
public static class SwarmScheduling
{
    // Swarm schedules a task within about 0.2 s here; 1.5 s leaves room for a loaded machine.
    static readonly TimeSpan Patience = TimeSpan.FromSeconds(1.5);
    const int Attempts = 3;

    public static async Task EnsureScheduledAsync(IDockerClient manager, string serviceId, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var watch = Stopwatch.StartNew();
            var (name, wanted, scheduled) = await CountAsync(manager, serviceId, cancellationToken);
            while (scheduled < wanted && watch.Elapsed < Patience)
            {
                await Task.Delay(200, cancellationToken);
                (name, wanted, scheduled) = await CountAsync(manager, serviceId, cancellationToken);
            }
            if (scheduled >= wanted) return;
            if (attempt > Attempts)
            {
                Ui.Warn($"swarm has scheduled {scheduled} of the {wanted} tasks of {name} after asking {Attempts} times; WaitHealthy will say which are missing.");
                return;
            }
            Ui.Info($"Swarm has scheduled {scheduled} of the {wanted} tasks of {name} after {Patience.TotalSeconds:0.0} s; handing it the service again ({attempt} of {Attempts}).");
            var service = await manager.Swarm.InspectServiceAsync(serviceId, cancellationToken);
            await manager.Swarm.UpdateServiceAsync(serviceId,
                new ServiceUpdateParameters { Service = service.Spec, Version = (long)service.Version.Index }, cancellationToken);
        }
    }

    /// <summary>The replicas wanted, and the slots with a task swarm means to run (ready or running).</summary>
    static async Task<(string Name, ulong Wanted, ulong Scheduled)> CountAsync(IDockerClient manager, string serviceId, CancellationToken cancellationToken)
    {
        var service = await manager.Swarm.InspectServiceAsync(serviceId, cancellationToken);
        var tasks = await manager.Tasks.ListAsync(new TasksListParameters
        {
            Filters = new Dictionary<string, IDictionary<string, bool>> { ["service"] = new Dictionary<string, bool> { [serviceId] = true } },
        }, cancellationToken);
        var scheduled = tasks.Where(t => t.DesiredState is TaskState.Ready or TaskState.Running).Select(t => t.Slot).Distinct().Count();
        return (service.Spec.Name, service.Spec.Mode?.Replicated?.Replicas ?? 0, (ulong)scheduled);
    }
}
