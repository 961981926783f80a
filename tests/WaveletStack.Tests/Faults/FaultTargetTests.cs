using Docker.DotNet.Models;
using WaveletStack.Faults;
using WaveletStack.Node;
using WaveletStack.Stack;
using Xunit;
using WaveletStack.Compose;

namespace WaveletStack.Tests.Faults;

/// <summary>
/// KillNode, KillWavelet, PauseNode, PartitionNode, DelayNode against a stack of simulator nodes
/// on the real engine: each fault is seen to be applied (not only reported) and the stack heals.
/// </summary>
[Collection(FaultStackCollection.Name)]
public sealed class FaultTargetTests(FaultStackFixture stack)
{
    static readonly TimeSpan Heal = TimeSpan.FromSeconds(60);
    FaultInjector Injector => new(stack.Locator);

    [Fact]
    public async Task KillNode_Node2_SwarmStartsANewContainerAndTheStackHeals()
    {
        var before = await stack.NodeAsync("2");
        await Injector.RunAsync(new Fault(FaultKind.Kill, NodeId.Parse("2")), CancellationToken.None);
        await Lifecycle().WaitHealthyAsync(Heal, CancellationToken.None);
        var after = await stack.NodeAsync("2");
        Assert.NotEqual(before.ContainerId, after.ContainerId);
        var old = await before.Engine.Containers.InspectContainerAsync(before.ContainerId);
        Assert.Equal(137, old.State.ExitCode); // SIGKILL, not a clean stop
    }

    [Fact]
    public async Task KillWavelet_Node2_TheAgentStartsWaveletAgainInTheSameContainer()
    {
        var node = await stack.NodeAsync("2");
        var pid = await WaveletPidAsync(node);
        await Injector.RunAsync(new Fault(FaultKind.KillWavelet, NodeId.Parse("2")), CancellationToken.None);
        await Lifecycle().WaitHealthyAsync(Heal, CancellationToken.None);
        Assert.Equal(node.ContainerId, (await stack.NodeAsync("2")).ContainerId);
        var now = await WaveletPidAsync(node);
        Assert.False(string.IsNullOrEmpty(now), "no /wavelet runs in node 2 after it healed");
        Assert.NotEqual(pid, now);
    }

    [Fact]
    public async Task PauseNode_Node2_IsFrozenWhileItHoldsAndRunsAgainAfter()
    {
        var node = await stack.NodeAsync("2");
        var running = Injector.RunAsync(new Fault(FaultKind.Pause, NodeId.Parse("2"), TimeSpan.FromSeconds(6)), CancellationToken.None);
        var paused = await EventuallyAsync(async () => (await InspectAsync(node)).State.Paused, TimeSpan.FromSeconds(5));
        using (var probe = await ProbeAsync())
            Assert.Null(await probe.ReadAsync(await NodeApiPortAsync(2), CancellationToken.None)); // its API is frozen too
        await running;
        Assert.True(paused, "node 2 was never seen paused");
        Assert.False((await InspectAsync(node)).State.Paused, "node 2 is still paused after PauseNode ended");
        await Lifecycle().WaitHealthyAsync(Heal, CancellationToken.None);
        Assert.Equal(node.ContainerId, (await stack.NodeAsync("2")).ContainerId);
    }

    [Fact]
    public async Task PartitionNode_Node2_ReachesNoPeerWhileItHoldsAndEveryPeerAfter()
    {
        var node = await stack.NodeAsync("2");
        var peer = await StackAddressAsync(await stack.NodeAsync("1"));
        Assert.True(await ReachesAsync(node, peer), "node 2 cannot reach node 1 before the partition");

        var running = Injector.RunAsync(new Fault(FaultKind.Partition, NodeId.Parse("2"), TimeSpan.FromSeconds(8)), CancellationToken.None);
        var cut = await EventuallyAsync(async () => !await ReachesAsync(node, peer), TimeSpan.FromSeconds(6));
        using (var probe = await ProbeAsync())
            Assert.Null(await probe.ReadAsync(await NodeApiPortAsync(2), CancellationToken.None)); // nor can the load balancer reach it
        await running;

        Assert.True(cut, "node 2 still reached node 1 during the partition");
        Assert.True(await ReachesAsync(node, peer), "node 2 cannot reach node 1 after the partition was healed");
        await Lifecycle().WaitHealthyAsync(Heal, CancellationToken.None);
    }

    [Fact]
    public async Task DelayNode_Node2_SlowsItsAnswersWhereTheKernelHasNetemAndSaysSoWhereNot()
    {
        var fault = new Fault(FaultKind.Delay, NodeId.Parse("2"), TimeSpan.FromSeconds(5), TimeSpan.FromMilliseconds(300));
        if (!KernelHasNetem())
        {
            var error = await Assert.ThrowsAsync<NoNetemException>(() => Injector.RunAsync(fault, CancellationToken.None));
            Assert.Contains("CONFIG_NET_SCH_NETEM", error.Message);
            return;
        }
        var port = await NodeApiPortAsync(2);
        using var probe = await ProbeAsync();
        var running = Injector.RunAsync(fault, CancellationToken.None);
        var slowed = await EventuallyAsync(async () =>
        {
            var clock = System.Diagnostics.Stopwatch.StartNew();
            return await probe.ReadAsync(port, CancellationToken.None) is not null && clock.Elapsed >= TimeSpan.FromMilliseconds(250);
        }, TimeSpan.FromSeconds(4));
        await running;
        Assert.True(slowed, "node 2 never answered 300 ms slower while delayed");
        await Lifecycle().WaitHealthyAsync(Heal, CancellationToken.None);
    }

    [Fact]
    public async Task Faults_UnknownNodeId_ListTheIdsThatRun()
    {
        var error = await Assert.ThrowsAsync<UserErrorException>(() => Injector.ApplyAsync(new Fault(FaultKind.Kill, NodeId.Parse("9")), CancellationToken.None));
        Assert.Contains("1, 2, 3, sync, loadbalancer", error.Message);
    }

    [Fact]
    public async Task Faults_OnAStackThatIsNotRunning_SaySoAndTouchNoOtherContainer()
    {
        var before = await ContainerIdsAsync();
        var error = await Assert.ThrowsAsync<UserErrorException>(() =>
            new FaultInjector(new NodeLocator(stack.Engine, "wst-fault-absent")).ApplyAsync(new Fault(FaultKind.Kill, NodeId.Parse("2")), CancellationToken.None));
        Assert.Contains("not running", error.Message);
        Assert.Contains("DeployStack --stack wst-fault-absent", error.Message);
        Assert.Equal(before, await ContainerIdsAsync());
    }

    StackLifecycle Lifecycle() => stack.Lifecycle(stack.Stack);

    async Task<LedgerProbe> ProbeAsync() => new(await stack.Engine.PublicAddressAsync(CancellationToken.None));

    async Task<IReadOnlyList<string>> ContainerIdsAsync() =>
        (await stack.Engine.Manager.Containers.ListContainersAsync(new ContainersListParameters { All = true })).Select(c => $"{c.ID} {c.State}").Order().ToList();

    async Task<ContainerInspectResponse> InspectAsync(NodeContainer node) => await node.Engine.Containers.InspectContainerAsync(node.ContainerId);

    async Task<string> StackAddressAsync(NodeContainer node) =>
        (await InspectAsync(node)).NetworkSettings.Networks[StackNaming.Network(stack.Stack)].IPAddress;

    /// <summary>Whether the node opens a TCP connection to <paramref name="ip"/>'s RPC port within 2 s (bash's /dev/tcp).</summary>
    static async Task<bool> ReachesAsync(NodeContainer node, string ip) =>
        (await ContainerExec.ShellAsync(node, "timeout 2 bash -c \"exec 3<>/dev/tcp/$1/3000\"", CancellationToken.None, ip)).Succeeded;

    async Task<int> NodeApiPortAsync(int slot) =>
        (await StackSnapshot.ReadAsync(stack.Engine, stack.Stack, CancellationToken.None)).LbPorts[PortPlan.LbNodeApiBase + slot - 1];

    static async Task<string> WaveletPidAsync(NodeContainer node) =>
        (await ContainerExec.ShellAsync(node, "pgrep -x wavelet || true", CancellationToken.None)).Stdout.Trim();

    static async Task<bool> EventuallyAsync(Func<Task<bool>> condition, TimeSpan within)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        do
        {
            if (await condition()) return true;
            await Task.Delay(200);
        } while (clock.Elapsed < within);
        return false;
    }

    /// <summary>
    /// Whether this machine's kernel has the netem queueing discipline: false only where its
    /// config says it was left out (this project's CI machines); a module or a kernel whose config
    /// cannot be read is expected to have it.
    /// </summary>
    static bool KernelHasNetem()
    {
        const string config = "/proc/config.gz";
        if (!File.Exists(config)) return true;
        using var gzip = new System.IO.Compression.GZipStream(File.OpenRead(config), System.IO.Compression.CompressionMode.Decompress);
        return !new StreamReader(gzip).ReadToEnd().Contains("# CONFIG_NET_SCH_NETEM is not set");
    }
}
