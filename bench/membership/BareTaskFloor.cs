using System.Diagnostics;
using Docker.DotNet.Models;
using WaveletStack.Docker;
using WaveletStack.Images;

/// <summary>
/// The floor for "one more node": how long this swarm takes from a scale-up of a service of bare
/// containers (the base image sleeping) to its new task running. Median of three.
/// </summary>
static class BareTaskFloor
{
    const string Service = "wst-bench-floor";

    public static async Task<double> MeasureAsync(IEngineConnection engine, CancellationToken token)
    {
        var docker = engine.Manager;
        var image = (await BaseImage.EnsureAsync(docker, token)).Name;
        var created = await docker.Swarm.CreateServiceAsync(new ServiceCreateParameters
        {
            Service = new ServiceSpec
            {
                Name = Service,
                TaskTemplate = new TaskSpec { ContainerSpec = new ContainerSpec { Image = image, Command = ["sleep", "infinity"] } },
                Mode = new ServiceMode { Replicated = new ReplicatedService { Replicas = 1 } },
            },
        }, token);
        try
        {
            await RunningAsync(docker, 1, token);
            var times = new List<double>();
            for (ulong replicas = 2; replicas <= 4; replicas++)
            {
                var service = await docker.Swarm.InspectServiceAsync(created.ID, token);
                service.Spec.Mode.Replicated.Replicas = replicas;
                var watch = Stopwatch.StartNew();
                await docker.Swarm.UpdateServiceAsync(created.ID, new ServiceUpdateParameters { Service = service.Spec, Version = (long)service.Version.Index }, token);
                await RunningAsync(docker, (int)replicas, token);
                times.Add(watch.Elapsed.TotalSeconds);
            }
            return times.Order().ElementAt(1);
        }
        finally { await docker.Swarm.RemoveServiceAsync(created.ID, CancellationToken.None); }
    }

    static async Task RunningAsync(Docker.DotNet.IDockerClient docker, int count, CancellationToken token)
    {
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < TimeSpan.FromMinutes(2))
        {
            var tasks = await docker.Tasks.ListAsync(new TasksListParameters
            {
                Filters = new Dictionary<string, IDictionary<string, bool>> { ["service"] = new Dictionary<string, bool> { [Service] = true } },
            }, token);
            if (tasks.Count(t => t.Status.State == TaskState.Running) >= count) return;
            await Task.Delay(20, token);
        }
        throw new TimeoutException($"{Service} did not run {count} tasks within 2 minutes");
    }
}
