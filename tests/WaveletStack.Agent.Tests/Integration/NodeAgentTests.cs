using System.Diagnostics;
using WaveletStack.Agent.Etcd;
using WaveletStack.Agent.Processes;

namespace WaveletStack.Agent.Tests.Integration;

/// <summary>One node agent at a time against a real etcd, with the simulator as /wavelet.</summary>
[Collection(Processes.Collection)]
public class NodeAgentTests(EtcdServer etcd) : IClassFixture<EtcdServer>
{
    static readonly TimeSpan Start = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task NodeAgent_OnceTheNodeAnswers_RegistersPeersAndNodesKeysUnderALease()
    {
        await using var agent = await AgentProcess.StartNodeAsync(etcd, slot: 1);

        await Eventually.HoldsAsync(async () => (await etcd.GetAsync("/peers/1")).ContainsKey("/peers/1"), Start, () => agent.Output);

        var values = await etcd.GetAsync("/");
        Assert.Equal(agent.Advertised, values["/peers/1"]);
        var node = NodeRecord.TryParse(values["/nodes/1"]);
        Assert.Equal(new NodeRecord("127.0.0.1", agent.RpcPort, agent.ApiPort, "22f0745e778fcd9f16f3a2a079051fb0b05dd355aa4546c2c00dcd83c8e5b557"), node);
        Assert.True(agent.ChildPid() is not null, "no child process named wavelet");
    }

    // A stop exits as a failure would (128 + 15), so swarm (restart on failure) brings a node
    // stopped by hand back; a retirement exits 0, so the slot a scale-down drops stays down.
    [Theory]
    [InlineData(Signals.SIGTERM, 143)]
    [InlineData(Signals.SIGUSR1, 0)]
    public async Task NodeAgent_OnSigtermOrRetirement_RevokesTheRegistrationAtOnceAndStopsWavelet(int signal, int exitCode)
    {
        await using var agent = await AgentProcess.StartNodeAsync(etcd, slot: 2, leaseTtl: 30);
        await Eventually.HoldsAsync(async () => (await etcd.GetAsync("/peers/2")).Count == 1, Start, () => agent.Output);
        var wavelet = agent.ChildPid();

        var clock = Stopwatch.StartNew();
        Assert.Equal(exitCode, await agent.TerminateAsync(TimeSpan.FromSeconds(15), signal));

        Assert.Empty(await etcd.GetAsync("/peers/2"));
        Assert.Empty(await etcd.GetAsync("/nodes/2"));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(15), $"stop took {clock.Elapsed}; the 30 s lease was not what removed the keys");
        Assert.False(wavelet is { } pid && File.Exists($"/proc/{pid}/stat") && !File.ReadAllText($"/proc/{pid}/stat").Contains(") Z "), "/wavelet still runs");
    }

    [Fact]
    public async Task NodeAgent_KeepsARestMarkerInItsVolume_HeightWhileRunningAndANewGenerationAtEachStart()
    {
        string marker;
        await using (var agent = await AgentProcess.StartNodeAsync(etcd, slot: 4))
        {
            var path = WaveletStack.Agent.Node.RestMarker.PathIn(agent.Root.Paths);
            await Eventually.HoldsAsync(() => Task.FromResult(File.Exists(path) && File.ReadAllText(path).Contains("\"height\":0")), Start, () => agent.Output);
            Assert.Equal(143, await agent.TerminateAsync(TimeSpan.FromSeconds(15)));
            marker = File.ReadAllText(path);
        }
        Assert.Contains("\"node\":4,\"generation\":1,\"height\":0", marker);

        var next = new TempRoot();
        Directory.CreateDirectory(Path.GetDirectoryName(WaveletStack.Agent.Node.RestMarker.PathIn(next.Paths))!);
        File.WriteAllText(WaveletStack.Agent.Node.RestMarker.PathIn(next.Paths), marker.Replace("\"height\":0", "\"height\":12"));
        await using var again = await AgentProcess.StartNodeAsync(etcd, slot: 4, root: next);
        // The height of the last run stays until this run's /ledger is read (the simulator answers 0 here).
        await Eventually.HoldsAsync(() => Task.FromResult(File.ReadAllText(WaveletStack.Agent.Node.RestMarker.PathIn(next.Paths)).Contains("\"generation\":2")), Start, () => again.Output);
    }

    [Fact]
    public async Task NodeAgent_KilledWithoutGoodbye_RegistrationExpiresWithTheLease()
    {
        await using var agent = await AgentProcess.StartNodeAsync(etcd, slot: 3, leaseTtl: 3);
        await Eventually.HoldsAsync(async () => (await etcd.GetAsync("/peers/3")).Count == 1, Start, () => agent.Output);

        await agent.KillAsync();

        Assert.Single(await etcd.GetAsync("/peers/3")); // still there: nobody revoked it
        var gone = await Eventually.HoldsAsync(async () => (await etcd.GetAsync("/peers/3")).Count == 0, TimeSpan.FromSeconds(10), () => "the key outlived its 3 s lease");
        Assert.True(gone > TimeSpan.FromSeconds(1), $"gone after {gone}: sooner than the lease allows");
    }

    [Fact]
    public async Task NodeAgent_WaveletKilled_IsRunningAndAnsweringAgainWithinSeconds()
    {
        await using var agent = await AgentProcess.StartNodeAsync(etcd, slot: 4);
        await Eventually.HoldsAsync(agent.AnswersAsync, Start, () => agent.Output);
        var first = agent.ChildPid()!.Value;

        Process.GetProcessById(first).Kill(); // pkill -9 -x wavelet

        var back = await Eventually.HoldsAsync(async () => agent.ChildPid() is { } pid && pid != first && await agent.AnswersAsync(),
            TimeSpan.FromSeconds(15), () => agent.Output);
        Console.WriteLine($"killed /wavelet answering again after {back.TotalMilliseconds:0} ms");
        await Eventually.LoggedAsync(() => agent.Output, "/wavelet exited with code 137");
    }

    [Fact]
    public async Task NodeAgent_WaveletApiHung_RestartsWaveletAfterRepeatedFailures()
    {
        await using var agent = await AgentProcess.StartNodeAsync(etcd, slot: 9, env: new Dictionary<string, string> { ["WAVELET_AGENT_FAILURE_LIMIT"] = "3" });
        await Eventually.HoldsAsync(agent.AnswersAsync, Start, () => agent.Output);
        await Task.Delay(TimeSpan.FromSeconds(3)); // past the agent's next check: a node that never answered is "starting", not hung
        var hung = agent.ChildPid()!.Value;

        WaveletStack.Agent.Processes.Signals.Send(hung, 19); // SIGSTOP: the process lives on but answers nothing

        await Eventually.HoldsAsync(async () => agent.ChildPid() is { } pid && pid != hung && await agent.AnswersAsync(),
            TimeSpan.FromSeconds(60), () => agent.Output);
        await Eventually.LoggedAsync(() => agent.Output, "its API has not answered /ledger 3 times in a row");
    }

    [Fact]
    public async Task NodeAgent_PauseHookFile_StopsWaveletUntilRemoved()
    {
        await using var agent = await AgentProcess.StartNodeAsync(etcd, slot: 5);
        await Eventually.HoldsAsync(agent.AnswersAsync, Start, () => agent.Output);
        var flag = agent.Root.Paths.ExitFlag;
        Directory.CreateDirectory(Path.GetDirectoryName(flag)!);

        File.WriteAllText(flag, "");
        await Eventually.HoldsAsync(() => Task.FromResult(agent.ChildPid() is null), TimeSpan.FromSeconds(15), () => agent.Output);
        await Task.Delay(1500);
        Assert.Null(agent.ChildPid());
        Assert.False(agent.HasExited);

        File.Delete(flag);
        await Eventually.HoldsAsync(agent.AnswersAsync, TimeSpan.FromSeconds(15), () => agent.Output);
        Assert.True(File.Exists(agent.Root.Paths.Resumed), "the resume is not marked: the health check gives no grace");
    }

    [Fact]
    public async Task NodeAgent_WithTheStacksEmptyVariables_StillFindsTheConnectApiInWaveletsHelp()
    {
        using var root = new TempRoot();
        var standIn = Path.Combine(root.Root, "env-reading-wavelet");
        // STAND-IN for the real node's flag parsing: it reads WAVELET_* variables even for --help
        // and refuses an empty WAVELET_API_PORT (the stack's environment has it, empty); otherwise
        // it is the simulator.
        File.WriteAllText(standIn, "#!/bin/sh\n" +
            "if [ \"${WAVELET_API_PORT+set}\" = set ]; then echo 'FTL could not parse  as uint value for flag api.port'; exit 1; fi\n" +
            $"exec {AgentProcess.SimulatorBinary} node \"$@\"\n");
        File.SetUnixFileMode(standIn, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);

        await using var agent = await AgentProcess.StartNodeAsync(etcd, slot: 7, wavelet: standIn, root: root,
            env: new Dictionary<string, string> { ["WAVELET_API_PORT"] = "", ["WAVELET_API_HOST"] = "" });

        await Eventually.LoggedAsync(() => agent.Output, "peering through the node's API");
        Assert.DoesNotContain("peers go on its command line", agent.Output);
        await Eventually.HoldsAsync(agent.AnswersAsync, TimeSpan.FromSeconds(15), () => agent.Output);
    }

    [Fact]
    public async Task NodeAgent_WaveletDyingAtEveryStart_MovesTheDatabaseToBrokenAndStartsClean()
    {
        using var root = new TempRoot();
        var standIn = Path.Combine(root.Root, "crashing-wavelet");
        // STAND-IN for a /wavelet that dies at once (a database it cannot open): exits 1 at every start.
        File.WriteAllText(standIn, "#!/bin/sh\nexit 1\n");
        File.SetUnixFileMode(standIn, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        Directory.CreateDirectory(root.Paths.Database);
        File.WriteAllText(Path.Combine(root.Paths.Database, "CURRENT"), "MANIFEST-000001");
        await using var agent = await AgentProcess.StartNodeAsync(etcd, slot: 6, wavelet: standIn, root: root);

        string[] Moved() => Directory.Exists(root.Paths.Broken) ? Directory.GetFiles(root.Paths.Broken, "CURRENT", SearchOption.AllDirectories) : [];
        await Eventually.HoldsAsync(() => Task.FromResult(Moved().Length > 0), TimeSpan.FromSeconds(40), () => agent.Output);
        await Eventually.LoggedAsync(() => agent.Output, "its database may be what kills it");

        Assert.Matches(@"/broken/\d{8}-\d{6}/db/CURRENT$", Moved().Single());
        Assert.False(File.Exists(Path.Combine(root.Paths.Database, "CURRENT")));
        Assert.False(agent.HasExited);
    }

    [Fact]
    public async Task NodeAgent_WithAMalformedKey_ReportsTheVariableAndStaysUp()
    {
        await using var agent = await AgentProcess.StartNodeAsync(etcd, slot: 7, env: new Dictionary<string, string> { ["WAVELET_KEYS"] = "nothex notahexkey" });

        await Eventually.HoldsAsync(() => Task.FromResult(agent.Output.Contains("configuration error: WAVELET_KEYS: entry 1")),
            TimeSpan.FromSeconds(15), () => agent.Output);
        await Task.Delay(1000);
        Assert.False(agent.HasExited, "the agent exited: the swarm would restart it in a loop");
    }

    [Fact]
    public async Task NodeAgent_SyncNotReachable_NamesWaveletSyncAndKeepsRetrying()
    {
        var unusedPort = FreePort.Next();
        await using var agent = await AgentProcess.StartNodeAsync(etcd, slot: 8, env: new Dictionary<string, string> { ["WAVELET_SYNC"] = $"http://127.0.0.1:{unusedPort}" });

        await Eventually.HoldsAsync(() => Task.FromResult(agent.Output.Contains("WAVELET_SYNC")), TimeSpan.FromSeconds(15), () => agent.Output);
        Assert.False(agent.HasExited);
    }
}
