using WaveletStack.Docker;
using WaveletStack.Output;

namespace WaveletStack.Swarm;

/// <summary>
/// ImportSwarm: logs in as root to any host of a swarm with a key it already accepts, fetches the
/// state stored there by CreateSwarm and installs it here, so the swarm can be used from this machine.
/// </summary>
public sealed class SwarmImporter(SwarmStore store)
{
    public async Task<SwarmState> ImportAsync(string address, string? identity, CancellationToken cancellationToken, bool viaWorker = false)
    {
        if (string.IsNullOrWhiteSpace(address))
            throw new UserErrorException("No host given; pass --ip <address of any host of the swarm>.");
        var endpoint = SshEndpoint.Parse(address.Contains('@') ? address : "root@" + address);
        var seen = SshKnownHosts.InMemory();
        IReadOnlyDictionary<string, byte[]> files;
        using (var session = await SshSession.ConnectAsync(endpoint, SshUserKeys.Load(identity), seen, cancellationToken))
            files = await HostSetup.FetchStateAsync(session, cancellationToken);

        if (!files.TryGetValue(SwarmState.RecordFile, out var recordBytes))
            throw new UserErrorException($"The swarm state on {endpoint} is incomplete; import from another of its hosts.");
        var record = SwarmState.ParseRecord(System.Text.Encoding.UTF8.GetString(recordBytes), $"the {SwarmState.RecordFile} on {endpoint}");
        // Only the manager holds the swarm's private key: from a worker, fetch it there (once).
        if (!files.ContainsKey(SwarmState.PrivateKeyFile))
        {
            if (record.ManagerHost is { } manager && manager.Endpoint != endpoint && !viaWorker)
            {
                Ui.Info($"{endpoint} is a worker of swarm '{record.Name}'; importing from its manager {manager.Endpoint}.");
                return await ImportAsync(manager.Endpoint.ToString(), identity, cancellationToken, viaWorker: true);
            }
            throw new UserErrorException($"{endpoint} holds no key of swarm '{record.Name}' (only its manager does); import from the manager with `ImportSwarm --ip <manager address>`.");
        }

        // The host must show the key the swarm recorded for it: an imposter at that address is refused.
        var recorded = SshKnownHosts.InMemory(files.TryGetValue(SwarmState.KnownHostsFile, out var known) ? System.Text.Encoding.UTF8.GetString(known) : "");
        foreach (var (host, type, key) in seen.Entries) recorded.Verify(host, type, key);

        var state = store.Install(record.Name, files);
        Ui.Success($"Imported swarm '{record.Name}' ({record.Provider}, {record.Hosts.Count} host(s)) into {state.Folder}.");
        return state;
    }
}
