using WaveletStack.Docker;

namespace WaveletStack.Swarm;

/// <summary>The one way targets reach a swarm: the local engine for `default`, SSH for every other.</summary>
public static class EngineConnections
{
    public static async Task<IEngineConnection> ForSwarmAsync(string swarm, SwarmStore store, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(swarm) || swarm == LocalEngineConnection.SwarmName) return LocalEngineConnection.Open();
        return await OpenSshAsync(store.Load(swarm), cancellationToken);
    }

    public static Task<SshEngineConnection> OpenSshAsync(SwarmState state, CancellationToken cancellationToken) =>
        SshEngineConnection.OpenAsync(state.Name,
            state.Record.Hosts.Select(h => new SshSwarmHost(h.Name, h.Endpoint, h.SwarmAddress)).ToList(),
            state.ConnectAsync, cancellationToken);
}
