using System.Diagnostics;
using Docker.DotNet.Models;
using WaveletStack.Stack;
using WaveletStack.Tests.Images;
using Xunit;
using Xunit.Abstractions;

namespace WaveletStack.Tests.Stack;

/// <summary>DeployStack on the real engine: one stack for the class, each test deploys what it needs.</summary>
[Collection(ImagesCollection.Name)]
public sealed class StackDeployTests(StackFixture stack, ITestOutputHelper output) : IClassFixture<StackFixture>
{
    static CancellationToken Timeout => new CancellationTokenSource(TimeSpan.FromMinutes(4)).Token;

    [Fact]
    public async Task DeployStack_CreatesServicesThatDockerStackSees()
    {
        await stack.DeployAsync(Timeout);

        var services = await stack.ServicesAsync(Timeout);
        Assert.Equal(["benchmark", "loadbalancer", "sync", "wavelet"], services.Keys.Order());
        Assert.All(services.Values, s => Assert.Equal(stack.Stack, s.Spec.Labels["com.docker.stack.namespace"]));
        Assert.Equal(3UL, services["wavelet"].Spec.Mode.Replicated.Replicas);
        // Never a bare tag: swarm pulls a tag before each task, and a registry holding an older push
        // would win over the image here. The id, or the tag pinned by a digest the engine holds.
        var node = services["wavelet"].Spec.TaskTemplate.ContainerSpec;
        Assert.True(node.Image == node.Labels["org.wavelet-stack.image-id"] || node.Image.Contains("@sha256:"), node.Image);
        Assert.EndsWith("/wavelet-stack-node:sim", node.Labels["com.docker.stack.image"]);
        var network = await StackNetwork.FindAsync(stack.Engine.Manager, stack.Stack, Timeout);
        Assert.NotNull(network);
        Assert.True(network.Attachable);
        var cli = await DockerCli.RunAsync(Timeout, "stack", "ls", "--format", "{{.Name}} {{.Services}}");
        Assert.Contains($"{stack.Stack} 4", cli);
    }

    [Fact]
    public async Task DeployStack_WithNothingChanged_UpdatesNoService()
    {
        await stack.DeployAsync(Timeout);
        var before = await stack.ServicesAsync(Timeout);

        var watch = Stopwatch.StartNew();
        var report = await stack.Lifecycle().DeployAsync(Timeout);
        output.WriteLine($"no-op deploy: {watch.ElapsedMilliseconds} ms");

        Assert.True(report.ChangedNothing, $"updated: {string.Join("; ", report.Updated.Select(u => $"{u.Key}: {string.Join(", ", u.Value)}"))}");
        var after = await stack.ServicesAsync(Timeout);
        Assert.All(before, b => Assert.Equal(b.Value.Version.Index, after[b.Key].Version.Index));
    }

    [Fact]
    public async Task DeployStack_ScalingToFourAndBack_ChangesOnlyTheNodeCount_AndRestartsNoRunningNodeNorTheLoadBalancer()
    {
        await stack.DeployAsync(Timeout);
        var nodesBefore = await NodeTaskIdsAsync();
        var services = await stack.ServicesAsync(Timeout);
        var (syncBefore, lbBefore) = (services["sync"].Version.Index, services["loadbalancer"].Version.Index);

        var up = await stack.DeployAsync(Timeout, ("WAVELET_NODES", "4"));
        Assert.Equal(["wavelet"], up.Updated.Keys.Order());
        Assert.Equal(["replicas"], up.Updated["wavelet"]);
        Assert.Equal(8, up.Ports.Slots); // ports for 8 nodes were published from the start
        var nodesScaled = await NodeTaskIdsAsync();
        Assert.All(nodesBefore, n => Assert.Equal(n.Value, nodesScaled[n.Key]));
        // As a user would, let the fourth node start before scaling back (one CI run, scaling
        // back while it was still being created, saw swarm keep it for 30 s).
        await WaitForAsync(async () => (await NodeTasksAsync()).Any(t => t.Slot == 4 && t.Status.State == TaskState.Running), "task 4 running");

        var down = await stack.DeployAsync(Timeout, ("WAVELET_NODES", "3"));
        Assert.Equal(["wavelet"], down.Updated.Keys.Order());
        services = await stack.ServicesAsync(Timeout);
        Assert.Equal(syncBefore, services["sync"].Version.Index);
        Assert.Equal(lbBefore, services["loadbalancer"].Version.Index);
        // Swarm retires the fourth task a moment after the update: wait for that, then compare.
        await WaitForAsync(async () => !(await NodeTaskIdsAsync()).ContainsKey(4), "task 4 retired");
        Assert.Equal(nodesBefore, await NodeTaskIdsAsync());
    }

    /// <summary>Polls (bounded, 60 s) and fails naming every node task's state when it never holds.</summary>
    async Task WaitForAsync(Func<Task<bool>> condition, string what)
    {
        var watch = Stopwatch.StartNew();
        for (var tries = 0; tries < 600 && !await condition(); tries++) await Task.Delay(100, Timeout);
        var tasks = await NodeTasksAsync();
        Assert.True(await condition(), $"{what}: not after {watch.Elapsed.TotalSeconds:0.0} s; node tasks: " +
            string.Join("; ", tasks.Select(t => $"slot {t.Slot} {t.ID[..8]} desired {t.DesiredState} is {t.Status.State}")));
        output.WriteLine($"{what} after {watch.Elapsed.TotalSeconds:0.0} s");
    }

    [Fact]
    public async Task DeployStack_WhenTheApiPortIsTaken_RefusesAndLeavesTheRunningStackAlone()
    {
        await stack.DeployAsync(Timeout);
        var before = await stack.ServicesAsync(Timeout);
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Any, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;

        var error = await Assert.ThrowsAsync<UserErrorException>(() =>
            stack.Lifecycle(("WAVELET_API_PORT", $"{port}")).DeployAsync(Timeout));

        Assert.Contains($"{port}", error.Message);
        Assert.Contains("WAVELET_API_PORT", error.Message);
        var after = await stack.ServicesAsync(Timeout);
        Assert.All(before, b => Assert.Equal(b.Value.Version.Index, after[b.Key].Version.Index));
    }

    [Fact]
    public async Task TwoNewStacksDeployedAtOnce_PublishNoPortTwice()
    {
        // Each plans free ports, then creates its services: without one lock over both steps the
        // two picked the same ports, and one stack's probes were answered by the other's load balancer.
        var (first, second) = (new StackFixture(), new StackFixture());
        try
        {
            var reports = await Task.WhenAll(first.DeployAsync(Timeout), second.DeployAsync(Timeout));
            var published = reports.Select(r => r.Ports.All.Select(p => p.Published).ToHashSet()).ToList();
            Assert.Empty(published[0].Intersect(published[1]));
        }
        finally
        {
            await first.DisposeAsync();
            await second.DisposeAsync();
        }
    }

    [Fact]
    public async Task DeployStack_WithAnImageNobodyBuilt_NamesItSuggestsBuildImages_AndCreatesNothing()
    {
        var missing = new StackFixture();
        await using var _ = missing.Engine;
        var error = await Assert.ThrowsAsync<UserErrorException>(() =>
            missing.Lifecycle(("WAVELET_TAG", "never-built")).DeployAsync(Timeout));

        Assert.Contains($"{ImagesFixture.Names.Registry}/wavelet-stack-node:never-built", error.Message);
        Assert.Contains("BuildImages", error.Message);
        Assert.Empty(await missing.ServicesAsync(Timeout));
        Assert.Null(await StackNetwork.FindAsync(missing.Engine.Manager, missing.Stack, Timeout));
    }

    async Task<Dictionary<long, string>> NodeTaskIdsAsync() =>
        (await NodeTasksAsync()).Where(t => t.DesiredState == TaskState.Running).ToDictionary(t => t.Slot, t => t.ID);

    async Task<List<TaskResponse>> NodeTasksAsync()
    {
        var tasks = await StackServices.TasksAsync(stack.Engine.Manager, stack.Stack, Timeout);
        var node = (await stack.ServicesAsync(Timeout))["wavelet"].ID;
        return tasks.Where(t => t.ServiceID == node).ToList();
    }
}
