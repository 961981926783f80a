using WaveletStack.Docker;
using WaveletStack.Output;
using WaveletStack.Swarm;

namespace WaveletStack.Providers.Ssh;

/// <summary>
/// The user's own hosts (`--hosts root@10.1.2.3,root@10.1.2.4`): reached first with the user's
/// key, they are given the swarm's key; from then on they are handled like any other host.
/// Nothing is made, so destroying the swarm only undoes what was put on them.
/// </summary>
public sealed class SshHostProvider : IHostProvider
{
    public const string ProviderName = "ssh";
    // Your own hosts are up already; a short grace covers one that is just rebooting.
    static readonly TimeSpan ReachDeadline = TimeSpan.FromSeconds(30);

    public string Name => ProviderName;

    public Task PrepareAsync(HostRequest request, IReadOnlyList<string> names, CancellationToken cancellationToken)
    {
        if (request.Hosts.Count == 0)
            throw new UserErrorException("The ssh provider needs the hosts to use: pass --hosts root@10.1.2.3,root@10.1.2.4.");
        if (request.Count != request.Hosts.Count)
            throw new UserErrorException($"--count {request.Count} does not match the {request.Hosts.Count} host(s) given with --hosts; give one host per swarm host.");
        foreach (var host in request.Hosts) SshEndpoint.Parse(host);
        Ui.Info($"Will use your own host(s) as {string.Join(", ", names.Zip(request.Hosts, (n, h) => $"{n} ({h})"))}.");
        return Task.CompletedTask;
    }

    public async Task CreateHostsAsync(SwarmState state, HostRequest request, IReadOnlyList<string> names, CancellationToken cancellationToken)
    {
        var userKeys = SshUserKeys.Load(request.Identity);
        var key = state.PublicKey;
        await Task.WhenAll(names.Select(async (name, i) =>
        {
            var endpoint = SshEndpoint.Parse(request.Hosts[i]);
            using var session = await SshSession.ConnectWhenReadyAsync(endpoint, userKeys, state.KnownHosts, ReachDeadline, cancellationToken, whileKeyRefused: false);
            await session.RunAsync(
                "umask 077 && mkdir -p ~/.ssh && touch ~/.ssh/authorized_keys && " +
                $"(grep -qxF '{key}' ~/.ssh/authorized_keys || printf '%s\\n' '{key}' >> ~/.ssh/authorized_keys)",
                cancellationToken);
            state.AddHost(new SwarmHost(name, endpoint.Address, endpoint.User, endpoint.Port));
        }));
    }

    public Task<bool> AllowSwarmTrafficAsync(SwarmState state, CancellationToken cancellationToken) => Task.FromResult(false);

    public IReadOnlyList<string> DescribeResources(SwarmState state) =>
        state.Record.Hosts.Select(h => $"host {h.Name} ({h.Endpoint}): leaves the swarm, loses the swarm's key, firewall rules and {HostSetup.RemoteStateFolder} (the machine itself stays)").ToList();

    public async Task DeleteAsync(SwarmState state, CancellationToken cancellationToken)
    {
        var key = state.PublicKey;
        await Task.WhenAll(state.Record.Hosts.Select(async host =>
        {
            using var session = await state.ConnectAsync(host.Endpoint, cancellationToken);
            await session.RunAsync(
                "docker swarm leave --force >/dev/null 2>&1 || true; " +
                "for rule in 'tcp 2377' 'tcp 7946' 'udp 7946' 'udp 4789'; do set -- $rule; " +
                "iptables -D INPUT -p $1 --dport $2 -j WAVELET-SWARM 2>/dev/null || true; done; " +
                "iptables -F WAVELET-SWARM 2>/dev/null; iptables -X WAVELET-SWARM 2>/dev/null; " +
                $"rm -rf {HostSetup.RemoteStateFolder}; " +
                $"grep -vxF '{key}' ~/.ssh/authorized_keys > ~/.ssh/authorized_keys.new; mv ~/.ssh/authorized_keys.new ~/.ssh/authorized_keys; true",
                cancellationToken);
        }));
    }
}
