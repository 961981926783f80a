using WaveletStack.Agent.Etcd;
using WaveletStack.Agent.Metrics;
using WaveletStack.Agent.Processes;
using WaveletStack.Agent.Settings;

namespace WaveletStack.Agent.Node;

/// <summary>
/// `wavelet-agent node`: prepares the volume and identity, finds the node's addresses, runs
/// /wavelet, registers it once its API answers, and keeps its peers in line with etcd.
/// </summary>
public static class NodeMode
{
    public static async Task RunAsync(NodeSettings settings, AgentPaths paths, CancellationToken ct)
    {
        var volume = new DataVolume(paths);
        volume.Prepare();
        var secrets = new Secrets(paths);
        var walletFile = secrets.WriteWallet(settings.Wallet.PrivateHex);
        if (settings.ApiHost is not null) Secrets.PrepareCertificates(paths, settings.AcmeAccountKey);

        using var store = new EtcdStore(settings.Sync);
        var probing = HasConnectApiAsync(paths, ct); // about a second on a busy machine: beside the address lookup
        var overlayIp = await Retry.UntilAsync("find this container's address on the stack network",
            c => OverlayIp.FindAsync(settings.NodeIp, store.Endpoint, c), ct);
        var address = new NodeAddress(overlayIp, settings.RpcPort);
        var hasApi = await probing;
        Log.Info($"node {settings.NodeId}: advertising {address.Advertised} on the stack network, " +
            (hasApi ? "peering through the node's API" : "this Wavelet build has no connect API: peers go on its command line"));

        // Three lifetimes: /wavelet's (ends last), the registration's (withdrawn while leaving)
        // and the rest's (watchers, peering, backups: end when SIGTERM arrives).
        using var life = new CancellationTokenSource();
        using var registering = new CancellationTokenSource();
        using var run = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var secret = hasApi ? secrets.NewApiSecret() : null;
        using var api = new WaveletApi($"http://127.0.0.1:{settings.ApiPort}", secret, TimeSpan.FromSeconds(2));
        var stdin = new StdinRelay();
        var marker = new RestMarkerKeeper(paths, settings.NodeId, api);
        marker.Begin();
        WaveletSupervisor? supervisor = null;
        void Restart(string reason) => supervisor!.RequestRestart(reason);

        var departing = hasApi ? new DepartingPeers(settings.NodeId, api, store) : null;
        var peering = hasApi ? new PeeringLoop(settings.NodeId, settings.SnowballK, api, Restart, () => departing!.Addresses, settings.FailureLimit) : null;
        var positional = hasApi ? null : new PositionalPeering(settings.NodeId, Restart);
        supervisor = new WaveletSupervisor(paths, volume,
            () => WaveletLaunch.Build(settings, address, paths, walletFile, secret, positional?.PeersForLaunch() ?? []), stdin);
        if (peering is not null) supervisor.Started += peering.OnWaveletStarted;
        using var metrics = new NodeMetrics(settings.NodeId, $"http://127.0.0.1:{settings.ApiPort}");
        supervisor.Started += metrics.OnWaveletStarted;

        stdin.Start();
        var supervising = supervisor.RunAsync(life.Token);
        var registration = RegisterWhenAnsweringAsync(settings, store, api, address, overlayIp, registering.Token);
        var watcher = new PrefixWatcher(store, StackKeys.Peers);
        Func<IReadOnlyDictionary<string, string>, CancellationToken, Task> onPeers = peering is not null ? peering.OnPeersChanged : positional!.OnPeersChanged;
        var tasks = new List<Task>
        {
            watcher.RunAsync((values, c) => { KeepOthersRegistered(paths, settings.NodeId, values); metrics.OnPeersChanged(values); return onPeers(values, c); }, run.Token),
            MetricsServer.FromEnvironment(Env.FromProcess(), metrics.RenderAsync).RunAsync(run.Token),
        };
        if (peering is not null) tasks.Add(peering.RunAsync(run.Token));
        if (departing is not null) tasks.Add(new PrefixWatcher(store, StackKeys.Leaving).RunAsync(departing.OnNoticesChanged, run.Token));
        tasks.Add(marker.RunAsync(run.Token));
        if (settings.BackupDb) tasks.Add(new Backups(paths, settings.BackupInterval).RunAsync(run.Token));

        await Task.WhenAny(supervising, Task.Delay(Timeout.Infinite, ct));
        run.Cancel();
        if (!supervising.IsCompleted)
        {
            // The height the tool levels nodes by (RestMarker), read while /wavelet still answers;
            // again just before Departure freezes it (blocks may be finalised until then).
            using var lastRead = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            await marker.RecordAsync(lastRead.Token);
        }
        try
        {
            if (!supervising.IsCompleted)
                await Departure.LeaveAsync(supervisor, async () => { registering.Cancel(); await registration; }, marker.RecordAsync,
                    store, address.Advertised, settings.NodeId);
        }
        finally
        {
            // Whatever happened while leaving, /wavelet (maybe frozen) is stopped: an agent that
            // exits around a frozen child leaves it holding the container's output forever.
            registering.Cancel();
            life.Cancel();
        }
        await Task.WhenAll(tasks.Append(supervising).Append(registration));
    }

    /// <summary>For the health check, which must not wait on etcd: a node with no other node registered may have no peers.</summary>
    static void KeepOthersRegistered(AgentPaths paths, int selfSlot, IReadOnlyDictionary<string, string> values)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(paths.OthersRegistered)!);
        File.WriteAllText(paths.OthersRegistered, $"{StackKeys.Slots(values, StackKeys.Peers).Keys.Count(slot => slot != selfSlot)}");
    }

    /// <summary>Registers only once /ledger answers, so peers are not sent to a node that cannot take them yet.</summary>
    static async Task RegisterWhenAnsweringAsync(NodeSettings settings, EtcdStore store, WaveletApi api, NodeAddress address, string overlayIp, CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            try { await api.PeersAsync(ct); break; }
            catch (Exception) when (!ct.IsCancellationRequested) { await Task.Delay(200, ct).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing); }
        }
        if (ct.IsCancellationRequested) return;
        var record = new NodeRecord(overlayIp, address.Port, settings.ApiPort, settings.Wallet.PublicHex);
        var keys = new Dictionary<string, string>
        {
            [StackKeys.Peers + settings.NodeId] = address.Advertised,
            [StackKeys.Nodes + settings.NodeId] = record.ToJson(),
        };
        await new LeasedRegistration(store, keys, settings.LeaseTtlSeconds).RunAsync(ct);
    }

    /// <summary>Builds with /node/connect mention WAVELET_API_SECRET in their --help; older ones do not.</summary>
    static async Task<bool> HasConnectApiAsync(AgentPaths paths, CancellationToken ct)
    {
        try
        {
            var (exitCode, output) = await ChildProcess.RunAsync(paths.Wavelet, ["--help"], TimeSpan.FromSeconds(20), ct, WaveletLaunch.CleanEnvironment);
            if (output.Contains("WAVELET_API_SECRET", StringComparison.Ordinal)) return true;
            if (exitCode == 0) return false;
            // A failing --help says nothing about the build: assume the API and say why.
            Log.Warn($"{paths.Wavelet} --help failed (exit {exitCode}): {output.Trim()}; assuming it has the connect API");
            return true;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            Log.Warn($"could not run {paths.Wavelet} --help ({e.Message}); assuming it has the connect API");
            return true;
        }
    }
}
