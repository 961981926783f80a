using WaveletStack;
using WaveletStack.Benchmark;
using WaveletStack.Configuration;
using WaveletStack.Docker;
using WaveletStack.Node;
using WaveletStack.Stack;
using WaveletStack.Targets;

/// <summary>Node operations: console, shell, logs, debugger, copy, database dump/restore, duplicate, benchmark.</summary>
partial class Build
{
    [Parameter("Node to act on: 1…N, sync, loadbalancer, benchmark, benchmark.2…")]
    readonly string? Node;

    [Parameter("Logs: keep streaming new lines until Ctrl-C")]
    readonly bool Follow;

    [Parameter("Logs: only the last N lines")]
    readonly int? Tail;

    [Parameter("Logs: only lines since a time (RFC 3339 or Unix seconds) or a duration ago (10m)")]
    readonly string? Since;

    [Parameter("DumpDb, SnapshotStack: the file to write (.tar.gz); RenderCompose: the compose file to write; FaultSuite, Sweep: the folder for its files (default artifacts/faults, artifacts/sweeps)")]
    readonly string? Output;

    [Parameter("RestoreDb: the dump file to restore (made by DumpDb); RestoreStack: the snapshot to restore (made by SnapshotStack)")]
    readonly string? Input;

    [Parameter("RestoreDb: restore into every Wavelet node of the stack"), CommandLineOnly]
    readonly bool All;

    [Parameter("DuplicateStack, RestoreStack: the new stack's name (refused when it has a configuration, services or volumes)")]
    readonly string? To;

    [Parameter("Benchmark, Sweep: how many benchmark instances (default 1); CreateSwarm/ExpandSwarm: how many hosts; RestoreStack: the node count the snapshot must hold")]
    readonly int? Count;

    [Parameter("Benchmark: run this many seconds, then scale the benchmark back to 0; Sweep: seconds measured per combination (default 20, 5–3600); PauseNode, PartitionNode, DelayNode: how long the fault holds (FaultSuite: default 30)")]
    readonly int? Duration;

    [Parameter("Benchmark: a previous run's .json to compare with; Sweep: a previous sweep's .json (each combination against the same one)")]
    readonly string? Compare;

    Target Attach => _ => _
        .Description("The node's console (type `l` for its status); Ctrl-P Ctrl-Q or Ctrl-C detach, the node keeps running")
        .Requires(() => Node)
        .Executes(async () => await NodeAttach.RunAsync(await FindNodeAsync(), Terminal.Console(), CancellationToken));

    Target Shell => _ => _
        .Description("bash in the node (sh on sync), or `-- <cmd> [args…]`: run a command, exit with its exit code")
        .Requires(() => Node).TakesArguments("-- <cmd> [args…]")
        .Executes(async () => ExitWith(Arguments.Count == 0
            ? await NodeShell.RunInteractiveAsync(await FindNodeAsync(), Terminal.Console(), CancellationToken)
            : await NodeShell.RunCommandAsync(await FindNodeAsync(), Arguments, Console.OpenStandardInput(),
                Console.OpenStandardOutput(), Console.OpenStandardError(), CancellationToken)));

    Target Logs => _ => _
        .Description("The node's output, streamed (--follow, --tail N, --since T)")
        .Requires(() => Node)
        .Executes(async () => await NodeLogs.StreamAsync(await FindNodeAsync(), new NodeLogs.Options(Follow, Tail, Since),
            Console.OpenStandardOutput(), Console.OpenStandardError(), CancellationToken));

    Target DebugWavelet => _ => _
        .Description("delve attached to the node's /wavelet, with a terminal (not possible on the simulator)")
        .Requires(() => Node)
        .Executes(async () => ExitWith(await WaveletDebugger.RunAsync(await FindNodeAsync(), Terminal.Console(), CancellationToken)));

    Target Copy => _ => _
        .Description("Copy files or folders between here and a node; one side is <nodeId>:<path>")
        .TakesArguments("<src>... <dest>")
        .Executes(async () =>
        {
            var request = CopyRequest.Parse(Arguments);
            await NodeCopy.RunAsync(request, await FindNodeAsync(request.Node.ToString()), CancellationToken);
        });

    Target DumpDb => _ => _
        .Description("A consistent copy of a node's database as .tar.gz with a manifest (--output; --force overwrites)")
        .Requires(() => Node).Requires(() => Output)
        .Executes(async () =>
        {
            DbDump.CheckOutput(Output, Force);
            var manifest = await DbDump.RunAsync(await FindNodeAsync(), Output, Force, CancellationToken);
            WaveletStack.Output.Ui.Success($"{Output}: {manifest.Files.Count} files of {Stack} node {manifest.Node} at height {manifest.Height}");
        });

    Target RestoreDb => _ => _
        .Description("Restore a DumpDb dump into a node (--all: every node); keeps the old database; --force replaces data")
        .Requires(() => Input)
        .Executes(async () =>
        {
            await DbDumpFile.ValidateAsync(Input, CancellationToken);
            await HoldLeaseAsync(await NodeEngineAsync(), Stack);
            var locator = new NodeLocator(await NodeEngineAsync(), Stack);
            var nodes = All ? await locator.AllWaveletNodesAsync(CancellationToken)
                : [await locator.FindAsync(Node ?? throw new UserErrorException("RestoreDb needs --node <id> or --all."), CancellationToken)];
            await DbRestore.RunAsync(nodes, Input, Force, CancellationToken);
        });

    Target DuplicateStack => _ => _
        .Description("A new stack (--to) with this one's configuration (fixed ports left out) and node 1's database, deployed and healthy")
        .Requires(() => To)
        .Executes(async () =>
        {
            var source = new NodeLocator(await NodeEngineAsync(), Stack);
            var target = await SwarmEngineAsync(StackConfigurationLoader.ResolveSwarm(RootDirectory, StackName.Check(To!), StackConfigurationLoader.ProcessEnvironment()));
            await HoldLeaseAsync(await NodeEngineAsync(), Stack); // no deploy or restore may change node 1 while it is copied
            await HoldLeaseAsync(target, To!);
            var duplicator = new StackDuplicator(RootDirectory, StackConfigurationLoader.ProcessEnvironment(), RemoteConfigStore);
            var (deploy, waitHealthy) = duplicator.Steps(target, Timeout);
            await duplicator.RunAsync(source, To, target, deploy, waitHealthy, CancellationToken);
        });

    Target Benchmark => _ => _
        .Description("Scale the benchmark to --count N and stream its figures; --duration S stops it after S seconds")
        .Executes(async () =>
        {
            await HoldLeaseAsync(await NodeEngineAsync(), Stack);
            await new BenchmarkRun(new NodeLocator(await NodeEngineAsync(), Stack)).RunAsync(new BenchmarkOptions(Count ?? 1, Duration, Compare,
                Path.Combine(RootDirectory, "artifacts", "benchmarks")), CancellationToken);
        });

    Target StopBenchmark => _ => _
        .Description("Scale the benchmark service to 0")
        .Executes(async () =>
        {
            await HoldLeaseAsync(await NodeEngineAsync(), Stack);
            await new BenchmarkService(await NodeEngineAsync(), Stack).ScaleAsync(0, CancellationToken);
        });

    async Task<IEngineConnection> NodeEngineAsync() => await SwarmEngineAsync((await LoadStackConfigurationAsync()).Swarm);

    async Task<NodeContainer> FindNodeAsync(string? id = null) =>
        await new NodeLocator(await NodeEngineAsync(), Stack).FindAsync(id ?? Node, CancellationToken);

    /// <summary>A command's exit code becomes ours (Shell, DebugWavelet), as `docker exec` does; the engine still prints its summary.</summary>
    static void ExitWith(int code)
    {
        if (code == 0) return;
        throw new ExitCodeException(code is >= 1 and <= 255 ? code : 1, $"the command exited with code {code}");
    }
}
