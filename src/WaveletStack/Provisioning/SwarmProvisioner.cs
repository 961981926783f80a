using System.Diagnostics;
using WaveletStack.Docker;
using WaveletStack.Output;
using WaveletStack.Providers;
using WaveletStack.Swarm;

namespace WaveletStack.Provisioning;

/// <summary>
/// CreateSwarm and ExpandSwarm: the provider makes hosts; then, the same for every provider,
/// Docker is made ready over SSH, the swarm formed (or joined), its ports closed to all but its
/// hosts, and its state stored locally and on every host. A failure half way says exactly what
/// exists and how to remove it.
/// </summary>
public sealed class SwarmProvisioner(SwarmStore store, Func<string, HostRequest, IHostProvider> providers)
{
    static readonly TimeSpan SshDeadline = TimeSpan.FromMinutes(5);
    static readonly TimeSpan ReadyDeadline = TimeSpan.FromMinutes(2);

    public SwarmProvisioner(SwarmStore store) : this(store, HostProviders.Get) { }

    public async Task<SwarmState> CreateAsync(string? providerName, HostRequest request, CancellationToken cancellationToken)
    {
        SwarmStore.ValidateName(request.Swarm);
        ValidateCount(request.Count);
        if (store.Exists(request.Swarm)) store.Create(new SwarmRecord(request.Swarm, providerName ?? "")); // throws the clear message
        var provider = providers(providerName!, request);
        var names = Enumerable.Range(1, request.Count).Select(i => SwarmRecord.HostName(request.Swarm, i)).ToList();
        await provider.PrepareAsync(request, names, cancellationToken);

        var clock = Stopwatch.StartNew();
        var state = store.Create(new SwarmRecord(request.Swarm, provider.Name));
        try
        {
            await RunTrackedAsync(state, provider, "CreateSwarm", () => AddHostsAsync(state, provider, request, names, cancellationToken));
        }
        catch (UserErrorException e) when (state.Record.Hosts.Count == 0 && state.Record.Resources.Count == 0)
        {
            // Nothing was made anywhere: the new state folder is all there is, so it goes too.
            store.Delete(state.Name);
            throw new UserErrorException($"{e.InnerException?.Message.TrimEnd('.') ?? e.Message}. Nothing was made.", e);
        }
        Ui.Success($"Swarm '{state.Name}' is ready: {state.Record.Hosts.Count} host(s), made in {clock.Elapsed.TotalSeconds:0.0} s.");
        return state;
    }

    public async Task<SwarmState> ExpandAsync(HostRequest request, CancellationToken cancellationToken)
    {
        ValidateCount(request.Count);
        var state = store.Load(request.Swarm);
        var provider = providers(state.Record.Provider, request);
        var first = state.Record.NextHostIndex();
        var names = Enumerable.Range(first, request.Count).Select(i => SwarmRecord.HostName(request.Swarm, i)).ToList();
        await provider.PrepareAsync(request, names, cancellationToken);
        await RunTrackedAsync(state, provider, "ExpandSwarm", () => AddHostsAsync(state, provider, request, names, cancellationToken));
        Ui.Success($"Swarm '{state.Name}' now has {state.Record.Hosts.Count} host(s).");
        return state;
    }

    static void ValidateCount(int count)
    {
        if (count < 1) throw new UserErrorException($"--count {count} is not allowed; give a number of hosts of 1 or more.");
    }

    async Task AddHostsAsync(SwarmState state, IHostProvider provider, HostRequest request, IReadOnlyList<string> names, CancellationToken cancellationToken)
    {
        Ui.Info($"Making {string.Join(", ", names)} ({provider.Name})…");
        await provider.CreateHostsAsync(state, request, names, cancellationToken);
        var added = state.Record.Hosts.Where(h => names.Contains(h.Name)).ToList();

        Ui.Info("Waiting for SSH and Docker on the new hosts…");
        await Task.WhenAll(added.Select(async host =>
        {
            using var session = await state.ConnectWhenReadyAsync(host, SshDeadline, cancellationToken);
            await HostSetup.EnsureDockerAsync(session, host.Name, request.InstallDocker || provider.AlwaysInstallDocker, cancellationToken);
        }));

        // Before forming: the swarm ports of the old hosts must already accept the new ones.
        if (!await provider.AllowSwarmTrafficAsync(state, cancellationToken))
        {
            var addresses = state.Record.Hosts.SelectMany(h => new[] { h.Address, h.SwarmAddress }).Distinct().ToList();
            await OnEveryHostAsync(state, session => HostSetup.AllowSwarmTrafficAsync(session, addresses, cancellationToken), cancellationToken);
        }

        Ui.Info("Forming the swarm…");
        await using (var engines = await EngineConnections.OpenSshAsync(state, cancellationToken))
        {
            var manager = state.Record.ManagerHost!;
            if (names.Contains(manager.Name)) await SwarmFormation.InitAsync(engines.Manager, manager, cancellationToken);
            foreach (var host in added.Where(h => h.Name != manager.Name))
                await SwarmFormation.JoinAsync(engines.Manager, manager, await engines.ForHostAsync(host.Name, cancellationToken), host, cancellationToken);
            await SwarmFormation.WaitReadyAsync(engines.Manager, state.Record.Hosts, ReadyDeadline, cancellationToken);
        }


        Ui.Info("Storing the swarm's state on its hosts…");
        var managerEndpoint = state.Record.ManagerHost!.Endpoint;
        await OnEveryHostAsync(state, session =>
            HostSetup.StoreStateAsync(session, state, isManager: session.Endpoint == managerEndpoint, cancellationToken), cancellationToken);
    }

    static Task OnEveryHostAsync(SwarmState state, Func<Docker.SshSession, Task> action, CancellationToken cancellationToken) =>
        Task.WhenAll(state.Record.Hosts.Select(async host =>
        {
            using var session = await state.ConnectAsync(host.Endpoint, cancellationToken);
            await action(session);
        }));

    /// <summary>Runs a step that makes things; when it fails, says what exists and how to remove it.</summary>
    static async Task RunTrackedAsync(SwarmState state, IHostProvider provider, string target, Func<Task> step)
    {
        try
        {
            await step();
        }
        catch (Exception e)
        {
            var reason = e is UserErrorException or OperationCanceledException ? e.Message : $"{e.GetType().Name}: {e.Message}";
            var exists = provider.DescribeResources(state);
            throw new UserErrorException(
                $"Swarm '{state.Name}' is only half made by {target} ({reason.TrimEnd('.')}). What exists now: " +
                $"{string.Join("; ", exists.Append($"its state in {state.Folder}"))}. " +
                $"Remove it all with `./build.sh DestroySwarm --swarm {state.Name} --force`.", e);
        }
    }
}
