using Docker.DotNet;
using WaveletStack.Docker;
using WaveletStack.Tests.Swarm;
using Xunit;

namespace WaveletStack.Tests.Docker;

/// <summary>
/// The tunnel to a host's engine opens one SSH connection per engine request; when one of those
/// handshakes is refused, the engine call's error carries the reason (here a changed host key,
/// from a real sshd), not a bare "connection closed".
/// </summary>
public sealed class SshTunnelTests : IAsyncLifetime
{
    readonly DindTestHosts machines = new();
    readonly CancellationTokenSource timeout = new(TimeSpan.FromMinutes(5));

    [Fact]
    public async Task EngineCall_WhenALaterHandshakeMeetsAChangedHostKey_SaysSo()
    {
        var key = SshKeyPair.Generate("wst-t13");
        var address = await machines.StartAsync("tunnel", key.PublicKeyLine, timeout.Token);
        var endpoint = SshEndpoint.Parse($"root@{address}");
        using var source = new Renci.SshNet.PrivateKeyFile(new MemoryStream(System.Text.Encoding.ASCII.GetBytes(key.PrivateKeyOpenSsh)));
        var forged = SshKnownHosts.InMemory($"{address} ssh-ed25519 {Convert.ToBase64String(new byte[51])}\n");
        var calls = 0;

        // The first handshake (the tunnel's own) sees the host's real key; every later one checks
        // it against a record that says otherwise, as after the host was rebuilt or intercepted.
        await using var tunnel = await SshDockerTunnel.OpenAsync(ct => SshSession.ConnectWhenReadyAsync(endpoint, [source],
            Interlocked.Increment(ref calls) == 1 ? SshKnownHosts.InMemory() : forged, TimeSpan.FromSeconds(60), ct), timeout.Token);
        using var client = new DockerClientConfiguration(tunnel.Endpoint, defaultTimeout: TimeSpan.FromSeconds(30)).CreateClient();

        var error = await Assert.ThrowsAsync<DockerApiException>(() => client.System.GetVersionAsync(timeout.Token));

        Assert.Equal(System.Net.HttpStatusCode.BadGateway, error.StatusCode);
        Assert.Contains($"The SSH host key of {address} has changed since it was first recorded, so the connection was refused", error.Message);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await machines.DisposeAsync();
        timeout.Dispose();
    }
}
