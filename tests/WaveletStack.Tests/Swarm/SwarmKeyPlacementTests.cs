using WaveletStack.Docker;
using WaveletStack.Swarm;
using Xunit;

namespace WaveletStack.Tests.Swarm;

/// <summary>
/// The swarm's private SSH key is stored on its manager only, over real SSH to two
/// Docker-in-Docker hosts; ImportSwarm from a worker fetches it from the manager.
/// </summary>
public sealed class SwarmKeyPlacementTests : IAsyncLifetime
{
    readonly DindTestHosts machines = new();
    readonly SwarmStore store = new(Directory.CreateTempSubdirectory("wst-t13-keys-").FullName);
    readonly SwarmStore fresh = new(Directory.CreateTempSubdirectory("wst-t13-import-").FullName);
    readonly CancellationTokenSource timeout = new(TimeSpan.FromMinutes(5));

    [Fact]
    public async Task StoreState_PutsTheKeyOnTheManagerOnly_AndImportFromAWorkerGoesToTheManager()
    {
        var state = store.Create(new SwarmRecord("keys", "ssh"));
        var manager = await machines.StartAsync("keys-1", state.PublicKey, timeout.Token);
        var worker = await machines.StartAsync("keys-2", state.PublicKey, timeout.Token);
        state.AddHost(new SwarmHost("keys-1", manager));
        state.AddHost(new SwarmHost("keys-2", worker));

        var listings = new Dictionary<string, string>();
        foreach (var host in state.Record.Hosts)
        {
            using var session = await state.ConnectWhenReadyAsync(host, TimeSpan.FromMinutes(2), timeout.Token);
            // A key an older version left on the worker must go.
            await session.RunAsync($"mkdir -p {HostSetup.RemoteStateFolder} && echo old > {HostSetup.RemoteStateFolder}/{SwarmState.PrivateKeyFile}", timeout.Token);
            await HostSetup.StoreStateAsync(session, state, isManager: host.Name == "keys-1", timeout.Token);
            listings[host.Name] = (await session.RunAsync($"ls {HostSetup.RemoteStateFolder}", timeout.Token)).Trim();
        }

        Assert.Contains(SwarmState.PrivateKeyFile + "\n", listings["keys-1"] + "\n");
        Assert.DoesNotContain(SwarmState.PrivateKeyFile + "\n", listings["keys-2"] + "\n");
        Assert.Contains(SwarmState.RecordFile, listings["keys-2"]);

        var identity = Path.Combine(state.Folder, SwarmState.PrivateKeyFile);
        var imported = await new SwarmImporter(fresh).ImportAsync(worker, identity, timeout.Token);

        Assert.Equal("keys", imported.Name);
        Assert.Equal(await File.ReadAllTextAsync(identity), await File.ReadAllTextAsync(Path.Combine(imported.Folder, SwarmState.PrivateKeyFile)));
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await machines.DisposeAsync();
        Directory.Delete(store.Home, recursive: true);
        Directory.Delete(fresh.Home, recursive: true);
        timeout.Dispose();
    }
}
