using System.Diagnostics;
using Docker.DotNet;
using Docker.DotNet.Models;
using WaveletStack.Compose;

namespace WaveletStack.Stack;

/// <summary>
/// The order a fresh stack's services are created in. A host starts its containers one network
/// attachment at a time (about 0.3–0.6 s each on an overlay network here), in no order of ours,
/// and a fresh N=10 stack's load balancer came up last, 1.1 s after the last node (its published
/// ports cost most), with sync fifth: every agent waited for sync, and WaitHealthy for the load
/// balancer. Created first and given a head start, sync and the load balancer take the first
/// places in that queue; the nodes' own containers are not delayed, since the queue stays busy.
/// The metrics service, which nothing waits for, goes the other way: it is created once the nodes'
/// containers are starting, so its attachment and published port no longer sit in front of a node's
/// (StopStack → DeployStack, N=10, with metrics: 6.00–6.53 s before, against 5.48–6.00 s without).
/// A head start, not a guarantee: on a machine at load 50 the host still started sync after most nodes.
/// Measured (bench/stack, N=10, quiet machine, 2 runs against 3): fresh deploy 6.05–6.29 s against
/// 5.94–7.57 s (simulator), 5.21–5.25 s against 5.32–7.12 s (real node); StopStack → DeployStack
/// 5.58–5.76 s against 4.84–6.89 s and 4.42–5.11 s against 5.12–6.56 s.
/// </summary>
public static class StartOrder
{
    /// <summary>The services nodes depend on, created first.</summary>
    static readonly string[] Front = [StackNaming.SyncService, StackNaming.LoadBalancerService];

    /// <summary>The services nothing waits for, created last.</summary>
    static readonly string[] Back = [StackNaming.MetricsService];

    public static bool IsFront(string service) => Front.Contains(service);

    public static bool IsBack(string service) => Back.Contains(service);

    /// <summary>The rendered services, front ones first, back ones last, the others in the template's order.</summary>
    public static IEnumerable<KeyValuePair<string, ServiceSpec>> Sort(IReadOnlyDictionary<string, ServiceSpec> specs) =>
        specs.OrderBy(s => IsFront(s.Key) ? Array.IndexOf(Front, s.Key) : IsBack(s.Key) ? Front.Length + 1 : Front.Length);

    // Normally 0.3–1 s for the front; the back waits for every node's container, which takes longer
    // with N, and neither wait may cost a deploy more than its cap.
    static readonly TimeSpan MaxHeadStart = TimeSpan.FromSeconds(3);
    static readonly TimeSpan MaxTailWait = TimeSpan.FromSeconds(5);

    /// <summary>A service this deploy created: its stack-less name, id and replica count.</summary>
    public sealed record Created(string Service, string Id, ulong Replicas);

    /// <summary>
    /// Waits, before <paramref name="service"/> is created, until the services that go ahead of it
    /// (see the class comment) have their containers starting, at most a few seconds.
    /// Returns at once when none of them were created by this deploy.
    /// </summary>
    public static Task BeforeCreatingAsync(IDockerClient manager, string service, IReadOnlyCollection<Created> created,
        CancellationToken cancellationToken)
    {
        if (IsFront(service)) return Task.CompletedTask;
        var (ahead, cap) = IsBack(service)
            ? (created.Where(c => !IsBack(c.Service)).ToList(), MaxTailWait)
            : (created.Where(c => IsFront(c.Service)).ToList(), MaxHeadStart);
        return WaitStartingAsync(manager, ahead, cap, cancellationToken);
    }

    /// <summary>Polls until each service has as many tasks starting or running as it has replicas, or the cap passes.</summary>
    static async Task WaitStartingAsync(IDockerClient manager, IReadOnlyCollection<Created> services, TimeSpan cap,
        CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        while (services.Count > 0 && watch.Elapsed < cap)
        {
            var tasks = await manager.Tasks.ListAsync(new TasksListParameters
            {
                Filters = new Dictionary<string, IDictionary<string, bool>>
                {
                    ["service"] = services.ToDictionary(s => s.Id, _ => true),
                    ["desired-state"] = new Dictionary<string, bool> { ["running"] = true },
                },
            }, cancellationToken);
            if (services.All(s => (ulong)tasks.Count(t => t.ServiceID == s.Id && t.Status.State is TaskState.Starting or TaskState.Running) >= s.Replicas))
                return;
            await Task.Delay(50, cancellationToken);
        }
    }
}
