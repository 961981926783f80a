using Docker.DotNet.Models;
using WaveletStack.Docker;
using WaveletStack.Node;
using WaveletStack.Output;
using WaveletStack.Stack;
using WaveletStack.Compose;

namespace WaveletStack.Benchmark;

/// <summary>The stack's `benchmark` service: scaled up to run, to 0 to stop (the original's `nobenchmark`).</summary>
public sealed class BenchmarkService(IEngineConnection connection, string stack)
{
    public static readonly TimeSpan ConvergeTimeout = TimeSpan.FromMinutes(2);
    public string Name => NodeId.FromTask(NodeId.BenchmarkService, 1).ServiceName(stack);

    public async Task ScaleAsync(int replicas, CancellationToken cancellationToken)
    {
        if (replicas < 0) throw new UserErrorException($"--count {replicas} is not valid; give 1 or more benchmark instances.");
        var service = await FindAsync(cancellationToken);
        service.Spec.Mode ??= new ServiceMode();
        service.Spec.Mode.Replicated ??= new ReplicatedService();
        service.Spec.Mode.Replicated.Replicas = (ulong)replicas;
        await connection.Manager.Swarm.UpdateServiceAsync(service.ID,
            new ServiceUpdateParameters { Service = service.Spec, Version = (long)service.Version.Index }, cancellationToken);
        await WaitRunningAsync(service.ID, replicas, cancellationToken);
        Ui.Success($"{Name} scaled to {replicas}");
    }

    public async Task<SwarmService> FindAsync(CancellationToken cancellationToken)
    {
        return await StackServices.FindAsync(connection.Manager, stack, StackNaming.BenchmarkService, cancellationToken)
            ?? throw new UserErrorException($"Stack '{stack}' is not running (no service {Name}); start it with `./build.sh DeployStack --stack {stack}`.");
    }

    async Task WaitRunningAsync(string serviceId, int replicas, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + ConvergeTimeout;
        var running = -1;
        var problem = "";
        while (DateTime.UtcNow < deadline)
        {
            var tasks = await connection.Manager.Tasks.ListAsync(new TasksListParameters
            {
                Filters = new Dictionary<string, IDictionary<string, bool>>
                {
                    ["service"] = new Dictionary<string, bool> { [serviceId] = true },
                    ["desired-state"] = new Dictionary<string, bool> { ["running"] = true },
                },
            }, cancellationToken);
            running = tasks.Count(t => t.Status?.State == TaskState.Running);
            problem = tasks.Select(t => t.Status?.Err).FirstOrDefault(e => !string.IsNullOrEmpty(e)) is { } err ? $"; a task says: {err}" : "";
            if (running == replicas && tasks.Count == replicas) return;
            Ui.Progress($"{Name}: {running}/{replicas} running");
            await Task.Delay(500, cancellationToken);
        }
        Ui.EndProgress();
        throw new UserErrorException($"{Name} did not reach {replicas} running instance(s) within {ConvergeTimeout.TotalSeconds:0} s ({running} running{problem}); see `./build.sh Status` and `./build.sh Logs --node benchmark`.");
    }
}
