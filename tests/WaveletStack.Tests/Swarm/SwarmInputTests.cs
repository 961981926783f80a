using Renci.SshNet;
using WaveletStack.Docker;
using WaveletStack.Providers;
using WaveletStack.Swarm;
using Xunit;
using WaveletStack.Provisioning;

namespace WaveletStack.Tests.Swarm;

/// <summary>Bad input is refused with one clear sentence before anything is made.</summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class SwarmInputTests : IDisposable
{
    readonly SwarmStore store = new(Directory.CreateTempSubdirectory("wst-swarm-input-").FullName);

    public void Dispose() => Directory.Delete(store.Home, recursive: true);

    [Fact]
    public async Task CreateSwarm_WithCountBelowOne_FailsNamingTheCount()
    {
        var error = await Assert.ThrowsAsync<UserErrorException>(() =>
            new SwarmProvisioner(store).CreateAsync("local", new HostRequest("s1", 0), CancellationToken.None));
        Assert.Contains("--count 0", error.Message);
        Assert.False(store.Exists("s1"));
    }

    [Fact]
    public async Task CreateSwarm_WithAnExistingName_FailsAndKeepsTheExistingState()
    {
        var existing = store.Create(new SwarmRecord("s1", "local"));
        var key = File.ReadAllText(Path.Combine(existing.Folder, SwarmState.PrivateKeyFile));

        var error = await Assert.ThrowsAsync<UserErrorException>(() =>
            new SwarmProvisioner(store).CreateAsync("local", new HostRequest("s1", 1), CancellationToken.None));

        Assert.Contains("already exists", error.Message);
        Assert.Equal(key, File.ReadAllText(Path.Combine(existing.Folder, SwarmState.PrivateKeyFile)));
    }

    [Fact]
    public async Task CreateSwarm_WithAnUnknownProvider_ListsTheKnownOnes()
    {
        var error = await Assert.ThrowsAsync<UserErrorException>(() =>
            new SwarmProvisioner(store).CreateAsync("aws", new HostRequest("s1", 1), CancellationToken.None));
        Assert.Contains("digitalocean, ssh, local", error.Message);
    }

    [Theory]
    [InlineData("Upper")]
    [InlineData("-dash")]
    [InlineData("default")]
    [InlineData("")]
    public void SwarmName_ThatCannotBeAHostName_IsRefused(string name) =>
        Assert.Throws<UserErrorException>(() => SwarmStore.ValidateName(name));

    [Fact]
    public void NewSwarmState_IsPrivateAndHoldsAKeySshNetCanUse()
    {
        var state = store.Create(new SwarmRecord("s2", "local"));

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(state.Folder));
        foreach (var file in Directory.GetFiles(state.Folder))
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
        var key = (PrivateKeyFile)state.Key();
        Assert.Equal("ssh-ed25519", key.Key.ToString());
        Assert.StartsWith("ssh-ed25519 ", state.PublicKey);
    }

    [Fact]
    public void KnownHosts_WithADifferentKeyForAKnownAddress_RefusesIt()
    {
        var hosts = SshKnownHosts.InMemory();
        hosts.Verify("10.0.0.2", "ssh-ed25519", [1, 2, 3]);
        hosts.Verify("10.0.0.2", "ssh-ed25519", [1, 2, 3]);

        var error = Assert.Throws<SshHostKeyChangedException>(() => hosts.Verify("10.0.0.2", "ssh-ed25519", [9, 9, 9]));
        Assert.Contains("10.0.0.2", error.Message);
    }

    [Theory]
    [InlineData("root@10.1.2.3", "root", "10.1.2.3", 22)]
    [InlineData("admin@host.example:2222", "admin", "host.example", 2222)]
    [InlineData("10.1.2.4", "root", "10.1.2.4", 22)]
    [InlineData("root@[fd00::1]:2200", "root", "fd00::1", 2200)]
    public void SshEndpoint_Parse_ReadsUserAddressAndPort(string text, string user, string address, int port) =>
        Assert.Equal(new SshEndpoint(user, address, port), SshEndpoint.Parse(text));
}
