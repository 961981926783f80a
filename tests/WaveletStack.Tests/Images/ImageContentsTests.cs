using Docker.DotNet;
using Docker.DotNet.Models;
using WaveletStack.Images;
using Xunit;
using Xunit.Abstractions;

namespace WaveletStack.Tests.Images;

/// <summary>What each built image holds and how it starts (docs/architecture.md, "Images").</summary>
[Collection(ImagesCollection.Name)]
public sealed class ImageContentsTests(ImagesFixture fixture, ITestOutputHelper output)
{
    static readonly CancellationToken Timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5)).Token;
    static readonly Dictionary<string, string> Labels = new() { ["org.wavelet-stack.test"] = "images" };

    [Fact]
    public async Task NodeImage_HoldsWaveletTheAgentTheDefaultKeysAndTheTools_AndRunsTheAgentsHealthCheck()
    {
        var image = await fixture.Docker.Images.InspectImageAsync(ImagesFixture.Names.Node, Timeout);
        Assert.Equal(["tini", "--", "wavelet-agent"], image.Config.Entrypoint);
        Assert.Equal(["node"], image.Config.Cmd);
        Assert.Equal(["CMD", "wavelet-agent", "health"], image.Config.Healthcheck.Test);
        Assert.Equal(TimeSpan.FromSeconds(5), image.Config.Healthcheck.Interval);

        var (exitCode, text) = await RunAsync(ImagesFixture.Names.Node,
            "test -x /wavelet && test -x /benchmark && test -x /usr/local/bin/wavelet-agent " +
            "&& for tool in bash pgrep pkill dlv; do command -v $tool || exit 1; done && grep -vc '^#' /etc/wavelet-stack/default-keys.csv && /wavelet --version");
        output.WriteLine(text);
        Assert.Equal(0, exitCode);
        var lines = text.Split('\n', StringSplitOptions.TrimEntries);
        Assert.Contains("256", lines);
        Assert.Contains(lines, l => l.EndsWith("/dlv"));
        Assert.Contains(lines, l => l.EndsWith("/pkill"));
        Assert.Contains("SIMULATOR", text); // WAVELET_TAG=sim: the node carries the simulator, and says so
    }

    [Fact]
    public async Task LoadBalancerImage_HoldsHaproxyAndTheAgent_AndStartsTheLoadBalancer()
    {
        var image = await fixture.Docker.Images.InspectImageAsync(ImagesFixture.Names.LoadBalancer, Timeout);
        Assert.Equal(["tini", "--", "wavelet-agent"], image.Config.Entrypoint);
        Assert.Equal(["loadbalancer"], image.Config.Cmd);

        var (exitCode, text) = await RunAsync(ImagesFixture.Names.LoadBalancer, "test -x /usr/local/bin/wavelet-agent && haproxy -v");
        output.WriteLine(text);
        Assert.Equal(0, exitCode);
        Assert.Contains("HAProxy version 2.6", text);
    }

    [Fact]
    public async Task SyncImage_RunsEtcdThatBecomesHealthyAndKeepsKeys()
    {
        var name = "wst-images-sync-" + Guid.NewGuid().ToString("N")[..8];
        try
        {
            await fixture.Docker.Containers.CreateContainerAsync(new CreateContainerParameters
                { Name = name, Image = ImagesFixture.Names.Sync, Labels = Labels }, Timeout);
            await fixture.Docker.Containers.StartContainerAsync(name, new ContainerStartParameters(), Timeout);
            var deadline = DateTime.UtcNow.AddSeconds(60);
            string? health;
            while ((health = (await fixture.Docker.Containers.InspectContainerAsync(name, Timeout)).State.Health?.Status) != "healthy")
            {
                Assert.True(DateTime.UtcNow < deadline, $"the sync container was still '{health}' after 60 s");
                await Task.Delay(500, Timeout);
            }
            var mounts = (await fixture.Docker.Containers.InspectContainerAsync(name, Timeout)).Mounts;
            Assert.Contains(mounts, m => m.Destination == "/data" && m.Type == "volume");

            var (exitCode, text) = await ExecAsync(name, "etcdctl put /peers/1 10.0.0.5:3000 && etcdctl get --print-value-only /peers/1");
            Assert.Equal(0, exitCode);
            Assert.Contains("10.0.0.5:3000", text);
        }
        finally
        {
            try { await fixture.Docker.Containers.RemoveContainerAsync(name, new ContainerRemoveParameters { Force = true, RemoveVolumes = true }, CancellationToken.None); }
            catch (DockerContainerNotFoundException) { }
        }
    }

    /// <summary>Runs a shell command in a fresh container of the image; returns its exit code and output.</summary>
    async Task<(long ExitCode, string Output)> RunAsync(string image, string command)
    {
        var name = "wst-images-run-" + Guid.NewGuid().ToString("N")[..8];
        try
        {
            await fixture.Docker.Containers.CreateContainerAsync(new CreateContainerParameters
                { Name = name, Image = image, Entrypoint = ["sh", "-c"], Cmd = [command], Labels = Labels }, Timeout);
            await fixture.Docker.Containers.StartContainerAsync(name, new ContainerStartParameters(), Timeout);
            var exit = await fixture.Docker.Containers.WaitContainerAsync(name, Timeout);
            using var logs = await fixture.Docker.Containers.GetContainerLogsAsync(name, false,
                new ContainerLogsParameters { ShowStdout = true, ShowStderr = true }, Timeout);
            var (stdout, stderr) = await logs.ReadOutputToEndAsync(Timeout);
            return (exit.StatusCode, stdout + stderr);
        }
        finally
        {
            try { await fixture.Docker.Containers.RemoveContainerAsync(name, new ContainerRemoveParameters { Force = true }, CancellationToken.None); }
            catch (DockerContainerNotFoundException) { }
        }
    }

    async Task<(long ExitCode, string Output)> ExecAsync(string container, string command)
    {
        var exec = await fixture.Docker.Exec.ExecCreateContainerAsync(container,
            new ContainerExecCreateParameters { Cmd = ["sh", "-c", command], AttachStdout = true, AttachStderr = true }, Timeout);
        using var stream = await fixture.Docker.Exec.StartAndAttachContainerExecAsync(exec.ID, false, Timeout);
        var (stdout, stderr) = await stream.ReadOutputToEndAsync(Timeout);
        var inspected = await fixture.Docker.Exec.InspectContainerExecAsync(exec.ID, Timeout);
        return (inspected.ExitCode, stdout + stderr);
    }
}
