using WaveletStack.Swarm;

namespace WaveletStack.Providers;

/// <summary>
/// Makes and removes the machines of a swarm. A provider only makes hosts reachable over SSH
/// with the swarm's key; installing Docker, forming the swarm and storing state are shared
/// (`Provisioning/SwarmProvisioner`), whichever provider made the hosts.
/// </summary>
public interface IHostProvider
{
    string Name { get; }

    /// <summary>True when the provider's hosts come without Docker (it is installed over SSH).</summary>
    bool AlwaysInstallDocker => false;

    /// <summary>
    /// Checks the request before anything is made (token, size, region, hosts) and says which
    /// hosts will be made (and what they cost, where they cost). Throws <see cref="UserErrorException"/> on bad input.
    /// </summary>
    Task PrepareAsync(HostRequest request, IReadOnlyList<string> names, CancellationToken cancellationToken);

    /// <summary>
    /// Makes the named hosts. Each host (and any other resource) is recorded in <paramref name="state"/>
    /// as soon as it exists, so a failure half way leaves nothing untracked.
    /// </summary>
    Task CreateHostsAsync(SwarmState state, HostRequest request, IReadOnlyList<string> names, CancellationToken cancellationToken);

    /// <summary>
    /// Lets swarm traffic (2377/tcp, 7946/tcp+udp, 4789/udp) flow among the swarm's hosts only,
    /// and SSH from outside. Returns false when the provider has no firewall of its own and host
    /// rules should be used instead.
    /// </summary>
    Task<bool> AllowSwarmTrafficAsync(SwarmState state, CancellationToken cancellationToken);

    /// <summary>Says what <see cref="DeleteAsync"/> would delete, one line per resource.</summary>
    IReadOnlyList<string> DescribeResources(SwarmState state);

    /// <summary>Deletes every host and resource of the swarm that the provider made.</summary>
    Task DeleteAsync(SwarmState state, CancellationToken cancellationToken);
}

/// <summary>What CreateSwarm/ExpandSwarm asked for; each provider uses the parts that apply to it.</summary>
public sealed record HostRequest(string Swarm, int Count)
{
    public string? Size { get; init; }
    public string? Region { get; init; }
    /// <summary>`ssh` provider: the user's own hosts, `user@address[:port]`.</summary>
    public IReadOnlyList<string> Hosts { get; init; } = [];
    /// <summary>`ssh` provider: a private key the hosts already accept (default: the user's ~/.ssh keys).</summary>
    public string? Identity { get; init; }
    public bool InstallDocker { get; init; }
    public string? DigitalOceanToken { get; init; }
    /// <summary>Where the repository is (the `local` provider builds its host image from nodes/).</summary>
    public string? RepositoryRoot { get; init; }
    /// <summary>The stack's image registry, which the `local` provider's hosts are given a way to reach.</summary>
    public string? Registry { get; init; }
}
