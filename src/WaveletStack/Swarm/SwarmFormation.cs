using Docker.DotNet;
using Docker.DotNet.Models;
using WaveletStack.Docker;

namespace WaveletStack.Swarm;

/// <summary>Forms the swarm through the engines' API: `swarm init` on the first host, the others join.</summary>
public static class SwarmFormation
{
    public static async Task InitAsync(IDockerClient manager, SwarmHost host, CancellationToken cancellationToken)
    {
        var info = await manager.System.GetSystemInfoAsync(cancellationToken);
        if (info.Swarm?.LocalNodeState == "active") throw AlreadyInSwarm(host);
        await manager.Swarm.InitSwarmAsync(new SwarmInitParameters
        {
            ListenAddr = "0.0.0.0:2377",
            AdvertiseAddr = host.SwarmAddress,
        }, cancellationToken);
    }

    public static async Task JoinAsync(IDockerClient manager, SwarmHost managerHost, IDockerClient worker, SwarmHost host, CancellationToken cancellationToken)
    {
        var info = await worker.System.GetSystemInfoAsync(cancellationToken);
        if (info.Swarm?.LocalNodeState == "active") throw AlreadyInSwarm(host);
        var swarm = await manager.Swarm.InspectSwarmAsync(cancellationToken);
        try
        {
            await worker.Swarm.JoinSwarmAsync(new SwarmJoinParameters
            {
                ListenAddr = "0.0.0.0:2377",
                AdvertiseAddr = host.SwarmAddress,
                RemoteAddrs = [$"{managerHost.SwarmAddress}:2377"],
                JoinToken = swarm.JoinTokens.Worker,
            }, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Docker.DotNet replaces every 503 of /swarm/join with "already part of a swarm"; the
            // usual cause is that the manager's 2377/tcp cannot be reached, so say that.
            throw new UserErrorException(
                $"Host {host.Name} could not join the swarm at {managerHost.SwarmAddress}:2377 (the engine said: {e.Message.TrimEnd('.')}); " +
                "check that 2377/tcp, 7946/tcp+udp and 4789/udp are open between the hosts.", e);
        }
    }

    /// <summary>
    /// Waits until every host is a Ready node of the swarm, known by its swarm address or its
    /// name (hosts brought by the user keep their own hostnames).
    /// </summary>
    public static async Task WaitReadyAsync(IDockerClient manager, IReadOnlyCollection<SwarmHost> hosts, TimeSpan deadline, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(deadline);
        IReadOnlyList<NodeListResponse> nodes = [];
        try
        {
            while (true)
            {
                nodes = (await manager.Swarm.ListNodesAsync(timeout.Token)).ToList();
                var ready = nodes.Where(n => n.Status?.State == "ready").ToList();
                if (hosts.All(h => ready.Any(n => n.Status.Addr == h.SwarmAddress || n.Description?.Hostname == h.Name))) return;
                await Task.Delay(TimeSpan.FromMilliseconds(500), timeout.Token);
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            var seen = string.Join(", ", nodes.Select(n => $"{n.Description?.Hostname} ({n.Status?.Addr}) {n.Status?.State}"));
            throw new UserErrorException($"The swarm's hosts were not all Ready within {deadline.TotalSeconds:0} s (seen: {(seen.Length == 0 ? "none" : seen)}).");
        }
    }

    static UserErrorException AlreadyInSwarm(SwarmHost host) => new(
        $"Host {host.Name} ({host.Address}) is already part of a swarm; run `docker swarm leave --force` there first, or use another host.");
}
