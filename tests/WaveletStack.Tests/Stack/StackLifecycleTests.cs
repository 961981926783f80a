using System.Net.Http.Json;
using System.Text.Json;
using Docker.DotNet.Models;
using WaveletStack.Stack;
using WaveletStack.Tests.Images;
using Xunit;
using Xunit.Abstractions;
using WaveletStack.Compose;

namespace WaveletStack.Tests.Stack;

/// <summary>
/// The whole lifecycle on the real engine with the real images and the simulator: healthy and
/// peered stacks, stop that keeps the databases, reset --hard that wipes them, CleanVolumes' guard.
/// </summary>
[Collection(ImagesCollection.Name)]
public sealed class StackLifecycleTests(StackFixture stack, ITestOutputHelper output) : IClassFixture<StackFixture>
{
    static CancellationToken Timeout => new CancellationTokenSource(TimeSpan.FromMinutes(5)).Token;

    async Task<DeployReport> DeployHealthyAsync()
    {
        var report = await stack.DeployAsync(Timeout);
        await stack.Lifecycle().WaitHealthyAsync(TimeSpan.FromMinutes(3), Timeout);
        return report;
    }

    [Fact]
    public async Task DeployStack_WithThreeNodes_IsHealthyPeeredAndServesThroughTheLoadBalancer()
    {
        var report = await DeployHealthyAsync();

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var main = await http.GetFromJsonAsync<JsonElement>($"http://127.0.0.1:{report.Ports.Api.Published}/ledger", Timeout);
        Assert.True(main.TryGetProperty("public_key", out _));
        var keys = new HashSet<string>();
        foreach (var node in report.Ports.NodeApi.Take(3))
        {
            var ledger = await http.GetFromJsonAsync<JsonElement>($"http://127.0.0.1:{node.Published}/ledger", Timeout);
            Assert.True(ledger.GetProperty("peers").GetArrayLength() >= 2, $"{node.Purpose} has fewer than 2 peers: {ledger}");
            keys.Add(ledger.GetProperty("public_key").GetString()!);
        }
        Assert.Equal(3, keys.Count); // each per-node port reaches a different node

        var status = StatusPrinter.ToText(await new StatusReader(stack.Engine, stack.Configuration()).ReadAsync(Timeout));
        output.WriteLine(status);
        Assert.Contains("  - RUNNING", status);
        Assert.Contains($"  - API (main): http://127.0.0.1:{report.Ports.Api.Published}/", status);
        Assert.Contains($"  - Wavelet: simulator ({ImagesFixture.Names.Registry}/wavelet:sim)", status);
    }

    [Fact]
    public async Task StopStack_KeepsTheVolumes_AndTheNextDeployResumesOnThem()
    {
        await DeployHealthyAsync();
        var heights = await HeightsAsync();
        var volumes = await VolumesAsync();
        Assert.Equal(3, volumes.Count);

        await stack.Lifecycle().StopAsync(removeVolumes: false, Timeout);
        Assert.Empty(await stack.ServicesAsync(Timeout));
        Assert.Equal(volumes, await VolumesAsync());
        var stopped = StatusPrinter.ToText(await new StatusReader(stack.Engine, stack.Configuration()).ReadAsync(Timeout));
        Assert.Contains("  - NOT RUNNING", stopped);
        Assert.Contains("  - VOLUMES", stopped);

        await DeployHealthyAsync();
        Assert.Equal(volumes, await VolumesAsync());
        var resumed = await HeightsAsync();
        Assert.All(heights, h => Assert.True(resumed[h.Key] >= h.Value, $"node {h.Key}: height {resumed[h.Key]} < {h.Value}"));
    }

    [Fact]
    public async Task StopStackThenDeployStack_WithANodeBehind_CopiesTheHighestDatabaseIntoItBeforeItStarts()
    {
        await DeployHealthyAsync();
        var image = (await stack.ServicesAsync(Timeout))["wavelet"].Spec.TaskTemplate.ContainerSpec.Image;
        await stack.Lifecycle().StopAsync(removeVolumes: false, Timeout);
        // As a stop under load leaves them (the real node: 40/36/40): node 1 highest, node 3 four behind;
        // node 1's database gets a file of its own, so the copy can be seen.
        await InVolumeAsync(image, 1, """echo '{"node":1,"generation":5,"height":40}' > /v/wavelet-stack/node.json && echo one > /v/db/LEVEL-PROBE""");
        await InVolumeAsync(image, 2, """echo '{"node":2,"generation":5,"height":40}' > /v/wavelet-stack/node.json""");
        await InVolumeAsync(image, 3, """echo '{"node":3,"generation":5,"height":36}' > /v/wavelet-stack/node.json""");

        var printed = new StringWriter();
        var saved = WaveletStack.Output.Ui.Out;
        WaveletStack.Output.Ui.Out = printed;
        try { await DeployHealthyAsync(); }
        finally { WaveletStack.Output.Ui.Out = saved; }

        output.WriteLine(printed.ToString());
        Assert.Contains("node 3: height 36 → 40, database copied from node 1 (Wavelet syncs only from 5 blocks behind)", printed.ToString());
        Assert.DoesNotContain("node 2:", printed.ToString());
        Assert.Equal("one", (await ContainerFileAsync(3, "/data/db/LEVEL-PROBE")).Trim());
        Assert.Contains("\"generation\":6", await ContainerFileAsync(3, "/data/wavelet-stack/node.json"));
    }

    Task<string> InVolumeAsync(string image, int node, string script) =>
        DockerCli.RunAsync(Timeout, "run", "--rm", "--entrypoint", "sh", "-v", $"{StackNaming.Volume(stack.Stack, StackNaming.NodeService, node)}:/v", image, "-c", script);

    async Task<string> ContainerFileAsync(int node, string path)
    {
        var id = (await DockerCli.RunAsync(Timeout, "ps", "-q", "--filter", $"name={stack.Stack}_wavelet.{node}.")).Trim();
        return await DockerCli.RunAsync(Timeout, "exec", id, "cat", path);
    }

    [Fact]
    public async Task ResetStackHard_StartsOnNewEmptyVolumes()
    {
        await DeployHealthyAsync();
        var before = await VolumesAsync();

        var lifecycle = stack.Lifecycle();
        await lifecycle.StopAsync(removeVolumes: true, Timeout);
        Assert.Empty(await VolumesAsync());
        await DeployHealthyAsync();

        var after = await VolumesAsync();
        Assert.Equal(before.Keys.Order(), after.Keys.Order());
        Assert.All(after, v => Assert.True(v.Value > before[v.Key], $"{v.Key} was not made anew"));
        Assert.All((await HeightsAsync()).Values, h => Assert.Equal(0, h));
    }

    [Fact]
    public async Task CleanVolumes_WithoutForce_RefusesAndRemovesNothing_AndWhileRunningRefusesEvenWithForce()
    {
        await stack.DeployAsync(Timeout);
        var volumes = await VolumesAsync();

        var withoutForce = await Assert.ThrowsAsync<UserErrorException>(() => stack.Lifecycle().CleanVolumesAsync(false, Timeout));
        Assert.Contains("--force", withoutForce.Message);
        var whileRunning = await Assert.ThrowsAsync<UserErrorException>(() => stack.Lifecycle().CleanVolumesAsync(true, Timeout));
        Assert.Contains("StopStack", whileRunning.Message);
        Assert.Equal(volumes, await VolumesAsync());
    }

    /// <summary>Volume name → creation time, on the local engine.</summary>
    async Task<Dictionary<string, DateTime>> VolumesAsync()
    {
        var list = await stack.Engine.Manager.Volumes.ListAsync(new VolumesListParameters(), Timeout);
        return list.Volumes.Where(v => StackNaming.IsStackVolume(stack.Stack, v.Name))
            .ToDictionary(v => v.Name, v => DateTime.Parse(v.CreatedAt, null, System.Globalization.DateTimeStyles.RoundtripKind));
    }

    async Task<Dictionary<int, long>> HeightsAsync()
    {
        var ports = (await stack.Lifecycle().RenderAsync(null, force: false, Timeout)).Ports.NodeApi.Take(3).ToList();
        using var probe = new LedgerProbe("127.0.0.1");
        var heights = new Dictionary<int, long>();
        for (var i = 0; i < ports.Count; i++)
            heights[i + 1] = (await probe.ReadAsync(ports[i].Published, Timeout))?.Height
                             ?? throw new InvalidOperationException($"node {i + 1} does not answer on {ports[i].Published}");
        return heights;
    }
}
