using System.Diagnostics;
using Docker.DotNet.Models;
using WaveletStack.Docker;
using WaveletStack.Images;

/// <summary>
/// The floors every stack figure is compared with, measured on the same machine in the same run:
/// how long this swarm takes to run bare containers (the base image sleeping) — N of them from
/// nothing, and one more by a scale-up. Each the median of three. A stack also needs a network:
/// the same N on an overlay network (as the stack's, endpoints by DNS) is the floor the engine
/// sets for anything that talks across containers, printed beside the issue's bare floor. And a
/// stack's shape with no program in it: those N plus one bare task publishing as many host-mode
/// ports as the stack's load balancer does (on an engine without IPVS every published port is a
/// host-mode port, each a proxy process and firewall rules), all created at once.
/// </summary>
static class BareTaskFloor
{
    const string Service = "wst-bench-floor";
    const string PortedService = "wst-bench-floor-ported";
    const string Network = "wst-bench-floor-net";

    /// <summary>Seconds from creating a service of <paramref name="count"/> bare tasks until all run.</summary>
    /// <param name="overlay">On an overlay network of their own (made before the clock starts), as a stack's tasks are.</param>
    /// <param name="publishedPorts">With a task more that publishes this many host-mode ports (needs <paramref name="overlay"/>).</param>
    public static async Task<double> StartManyAsync(IEngineConnection engine, int count, CancellationToken token, bool overlay = false,
        int publishedPorts = 0)
    {
        var times = new List<double>();
        for (var run = 0; run < 3; run++)
        {
            var network = overlay ? await CreateNetworkAsync(engine, token) : null;
            var watch = Stopwatch.StartNew();
            var ported = publishedPorts > 0 ? await CreateAsync(engine, 1, token, network, publishedPorts) : null;
            var id = await CreateAsync(engine, (ulong)count, token, network);
            try
            {
                await RunningAsync(engine.Manager, count + (ported is null ? 0 : 1), token, ported is null ? [Service] : [Service, PortedService]);
                times.Add(watch.Elapsed.TotalSeconds);
            }
            finally
            {
                await RemoveAsync(engine, id);
                if (ported is not null) await RemoveAsync(engine, ported);
                if (network is not null) await RemoveNetworkAsync(engine, network);
            }
        }
        return times.Order().ElementAt(1);
    }

    /// <summary>Seconds from a scale-up by one until the new bare task runs.</summary>
    public static async Task<double> MeasureAsync(IEngineConnection engine, CancellationToken token)
    {
        var docker = engine.Manager;
        var id = await CreateAsync(engine, 1, token);
        try
        {
            await RunningAsync(docker, 1, token);
            var times = new List<double>();
            for (ulong replicas = 2; replicas <= 4; replicas++)
            {
                var service = await docker.Swarm.InspectServiceAsync(id, token);
                service.Spec.Mode.Replicated.Replicas = replicas;
                var watch = Stopwatch.StartNew();
                await docker.Swarm.UpdateServiceAsync(id, new ServiceUpdateParameters { Service = service.Spec, Version = (long)service.Version.Index }, token);
                await RunningAsync(docker, (int)replicas, token);
                times.Add(watch.Elapsed.TotalSeconds);
            }
            return times.Order().ElementAt(1);
        }
        finally { await RemoveAsync(engine, id); }
    }

    static async Task<string> CreateAsync(IEngineConnection engine, ulong replicas, CancellationToken token, string? network = null,
        int publishedPorts = 0)
    {
        var name = publishedPorts > 0 ? PortedService : Service;
        // A run that was stopped midway leaves its service behind.
        var left = await engine.Manager.Swarm.ListServicesAsync(new ServicesListParameters
        {
            Filters = new ServiceFilter { Name = [name] },
        }, token);
        foreach (var service in left.Where(s => s.Spec.Name == name)) await RemoveAsync(engine, service.ID);
        var image = (await BaseImage.EnsureAsync(engine.Manager, token)).Name;
        return (await engine.Manager.Swarm.CreateServiceAsync(new ServiceCreateParameters
        {
            Service = new ServiceSpec
            {
                Name = name,
                TaskTemplate = new TaskSpec
                {
                    ContainerSpec = new ContainerSpec { Image = image, Command = ["sleep", "infinity"] },
                    Networks = network is null ? null : [new NetworkAttachmentConfig { Target = network }],
                },
                Mode = new ServiceMode { Replicated = new ReplicatedService { Replicas = replicas } },
                EndpointSpec = network is null ? null : new EndpointSpec
                {
                    Mode = "dnsrr",
                    // Published port 0: the engine picks free ones, so no running stack's port is taken.
                    Ports = Enumerable.Range(0, publishedPorts).Select(i => new PortConfig
                    {
                        Protocol = "tcp", TargetPort = (uint)(10000 + i), PublishMode = "host",
                    }).ToList(),
                },
            },
        }, token)).ID;
    }

    static async Task<string> CreateNetworkAsync(IEngineConnection engine, CancellationToken token)
    {
        var left = await engine.Manager.Networks.ListNetworksAsync(new NetworksListParameters
        {
            Filters = new Dictionary<string, IDictionary<string, bool>> { ["name"] = new Dictionary<string, bool> { [Network] = true } },
        }, token);
        foreach (var stale in left.Where(n => n.Name == Network)) await RemoveNetworkAsync(engine, stale.ID);
        return (await engine.Manager.Networks.CreateNetworkAsync(new NetworksCreateParameters { Name = Network, Driver = "overlay" }, token)).ID;
    }

    /// <summary>Swarm releases a network's last endpoints a moment after the containers go: retried for up to 30 s.</summary>
    static async Task RemoveNetworkAsync(IEngineConnection engine, string id)
    {
        var watch = Stopwatch.StartNew();
        while (true)
        {
            try { await engine.Manager.Networks.DeleteNetworkAsync(id); return; }
            catch (Docker.DotNet.DockerApiException) when (watch.Elapsed < TimeSpan.FromSeconds(30)) { await Task.Delay(250); }
        }
    }

    /// <summary>Removes the service and waits until its containers are gone, so the next measure starts from nothing.</summary>
    static async Task RemoveAsync(IEngineConnection engine, string id)
    {
        await engine.Manager.Swarm.RemoveServiceAsync(id, CancellationToken.None);
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < TimeSpan.FromMinutes(1)
               && (await engine.Manager.Containers.ListContainersAsync(new ContainersListParameters
               {
                   All = true,
                   Filters = new Dictionary<string, IDictionary<string, bool>> { ["label"] = new Dictionary<string, bool> { [$"com.docker.swarm.service.id={id}"] = true } },
               })).Count > 0)
            await Task.Delay(100);
    }

    /// <param name="services">The services whose tasks count (exact names: the engine resolves each).</param>
    static async Task RunningAsync(Docker.DotNet.IDockerClient docker, int count, CancellationToken token, string[]? services = null)
    {
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < TimeSpan.FromMinutes(2))
        {
            var tasks = await docker.Tasks.ListAsync(new TasksListParameters
            {
                Filters = new Dictionary<string, IDictionary<string, bool>> { ["service"] = (services ?? [Service]).ToDictionary(s => s, _ => true) },
            }, token);
            if (tasks.Count(t => t.Status.State == TaskState.Running) >= count) return;
            await Task.Delay(20, token);
        }
        throw new TimeoutException($"{string.Join(" and ", services ?? [Service])} did not run {count} tasks within 2 minutes");
    }
}
