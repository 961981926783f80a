using System.Diagnostics;
using System.Text;
using Docker.DotNet.Models;
using WaveletStack.Docker;
using WaveletStack.Output;
using WaveletStack.Compose;

namespace WaveletStack.Stack;

/// <summary>
/// WaitHealthy: waits until every node task's container has started as swarm reports it (what the
/// node targets that follow look up: Shell, Copy, DumpDb; not swarm's "running", which waits for
/// Docker's first health check), every node, asked through the load balancer's port for
/// it, answers and has its peers (min(K, N-1), what consensus needs), none is reported unhealthy
/// by Docker, no node beyond N is still meant to run (after a scale-down swarm takes a moment to
/// retire it), no service is still rolling to a new spec (its old tasks answer meanwhile: a
/// "healthy" then would be the old stack's), and API (main) serves. That is the container health check's own test,
/// made stricter and asked directly: waiting for Docker's next check (every 5 s, kept rare because
/// each is an exec that costs CPU) would only add its interval. On timeout it names the tasks that
/// are not there yet with their last log lines, and fails.
/// </summary>
public sealed class HealthWaiter(IEngineConnection engine, string stack)
{
    /// <param name="Updating">A service swarm is still rolling to its new spec (its old tasks answer meanwhile), and how far.</param>
    public sealed record Progress(int Nodes, int Running, int Unhealthy, int Extra, int Peered, bool MainApiServes, string? Updating = null)
    {
        public bool Done => Running == Nodes && Unhealthy == 0 && Extra == 0 && Peered == Nodes && MainApiServes && Updating is null;
        public override string ToString() =>
            $"{Running}/{Nodes} running{(Unhealthy > 0 ? $" ({Unhealthy} unhealthy)" : "")}{(Extra > 0 ? $", {Extra} more still to stop" : "")}, " +
            $"{Peered}/{Nodes} answering with peers, API (main) {(MainApiServes ? "serving" : "not yet")}" +
            (Updating is null ? "" : $", {Updating}");
    }

    /// <summary>One look at the stack: what WaitHealthy decides on, with each node's /ledger (null: no answer), in slot order.</summary>
    public sealed record Sample(StackSnapshot Snapshot, Progress Progress, IReadOnlyList<LedgerView?> Ledgers);

    /// <summary>Swarm's update states that are not over: the new spec is not running everywhere yet.</summary>
    static readonly string[] UnfinishedUpdates = ["updating", "paused", "rollback_started", "rollback_paused"];

    public async Task<TimeSpan> WaitAsync(int nodes, int snowballK, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        using var probe = new LedgerProbe(await engine.PublicAddressAsync(cancellationToken));
        var wantedPeers = Math.Min(snowballK, nodes - 1);
        while (true)
        {
            var last = await StackSnapshot.ReadAsync(engine, stack, cancellationToken);
            if (!last.IsRunning)
                throw new UserErrorException($"Stack '{stack}' is not running; start it with `./build.sh DeployStack --stack {stack}`.");
            var progress = (await MeasureAsync(last, probe, nodes, wantedPeers, cancellationToken)).Progress;
            Ui.Progress($"{progress}", $"{watch.Elapsed.TotalSeconds:0.0} s");
            if (progress.Done) break;
            if (watch.Elapsed > timeout)
            {
                Ui.EndProgress();
                await ReportAsync(await StackSnapshot.ReadAsync(engine, stack, cancellationToken, latestPerSlot: true), progress, cancellationToken);
                throw new UserErrorException(
                    $"Stack '{stack}' was not healthy after {timeout.TotalSeconds:0} s ({progress}); see the tasks above, " +
                    $"`./build.sh Status --stack {stack}` and `./build.sh Logs --node <n> --stack {stack}`.");
            }
            await Task.Delay(200, cancellationToken);
        }
        Ui.EndProgress();
        return watch.Elapsed;
    }

    /// <summary>Measures <paramref name="snapshot"/> the way WaitHealthy does (FaultSuite watches recovery with it).</summary>
    public static async Task<Sample> MeasureAsync(StackSnapshot snapshot, LedgerProbe probe, int nodes, int wantedPeers,
        CancellationToken cancellationToken)
    {
        var all = snapshot.Of(StackNaming.NodeService).ToList();
        var tasks = all.Where(t => t.Slot <= nodes).ToList();
        var running = tasks.Count(t => t.IsStarted && t.IsCurrent); // an old spec's task answers, but is about to go
        var unhealthy = tasks.Count(t => t.Health == "unhealthy");
        var ledgers = await Task.WhenAll(Enumerable.Range(0, nodes).Select(i =>
            snapshot.LbPorts.TryGetValue(PortPlan.LbNodeApiBase + i, out var port)
                ? probe.ReadAsync(port, cancellationToken) : Task.FromResult<LedgerView?>(null)));
        var main = snapshot.LbPorts.TryGetValue(PortPlan.LbApiPort, out var mainPort)
                   && await probe.ReadAsync(mainPort, cancellationToken) is not null;
        var updating = snapshot.Services.Where(s => s.Value.UpdateStatus?.State is { } state && UnfinishedUpdates.Contains(state))
            .Select(s => $"{s.Key} {s.Value.UpdateStatus.State.Replace('_', ' ')}" +
                         (s.Value.UpdateStatus.State.EndsWith("paused") && !string.IsNullOrEmpty(s.Value.UpdateStatus.Message) ? $" ({s.Value.UpdateStatus.Message})" : ""))
            .ToList();
        return new Sample(snapshot, new Progress(nodes, running, unhealthy, all.Count - tasks.Count,
            ledgers.Count(l => l is not null && l.Peers >= wantedPeers), main, updating.Count > 0 ? string.Join(", ", updating) : null), ledgers);
    }

    async Task ReportAsync(StackSnapshot snapshot, Progress progress, CancellationToken cancellationToken)
    {
        var table = new Table("TASK", "HOST", "STATE", "HEALTH", "ERROR");
        var unhealthy = snapshot.Tasks.Where(t => t.Service != StackNaming.BenchmarkService && !t.IsHealthy).ToList();
        if (unhealthy.Count == 0)
            Ui.Warn($"Every task runs and is healthy, but {progress}: nodes lack peers or the load balancer does not route to them.");
        foreach (var task in unhealthy) table.Add(task.Name, task.Host, task.State, task.Health, task.Error);
        if (table.Count > 0) Ui.Info(table.ToString());
        foreach (var task in unhealthy.Where(t => t.ContainerId is not null).Take(5))
        {
            Ui.Info($"--- last log lines of {task.Name} ---");
            Ui.Info(await LastLogLinesAsync(task, 10, cancellationToken));
        }
    }

    async Task<string> LastLogLinesAsync(TaskView task, int lines, CancellationToken cancellationToken)
    {
        try
        {
            var host = await engine.ForSwarmNodeAsync(task.SwarmNodeId, cancellationToken);
            using var stream = await host.Containers.GetContainerLogsAsync(task.ContainerId!, false,
                new ContainerLogsParameters { ShowStdout = true, ShowStderr = true, Tail = $"{lines}" }, cancellationToken);
            var (stdout, stderr) = await stream.ReadOutputToEndAsync(cancellationToken);
            return AnsiText.Strip(stdout + stderr).TrimEnd(); // the benchmark (and a node without --log.nocolor) colours
        }
        catch (Exception e) when (e is global::Docker.DotNet.DockerApiException or IOException)
        {
            return $"(logs not available: {e.Message})";
        }
    }
}
