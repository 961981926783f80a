using System.Text.Json.Serialization;
using WaveletStack.Docker;

namespace WaveletStack.Swarm;

/// <summary>
/// One host of a swarm. <see cref="Address"/> is where SSH and users reach it;
/// <see cref="SwarmAddress"/> is what the swarm advertises between hosts (a private network
/// address when the provider has one).
/// </summary>
public sealed record SwarmHost(string Name, string Address, string User = "root", int Port = 22)
{
    public string? PrivateAddress { get; init; }
    /// <summary>The provider's own id of the host (droplet id, container id), when it has one.</summary>
    public string? ProviderId { get; init; }

    [JsonIgnore] public SshEndpoint Endpoint => new(User, Address, Port);
    [JsonIgnore] public string SwarmAddress => PrivateAddress ?? Address;
}

/// <summary>What is known about a swarm: written to swarm.json locally and on every host.</summary>
public sealed record SwarmRecord(string Name, string Provider)
{
    public List<SwarmHost> Hosts { get; init; } = [];
    /// <summary>Provider resources other than hosts (firewall id, key id, network name, region…).</summary>
    public Dictionary<string, string> Resources { get; init; } = [];
    public DateTimeOffset Created { get; init; } = DateTimeOffset.UtcNow;

    [JsonIgnore] public SwarmHost? ManagerHost => Hosts.FirstOrDefault();

    public static string HostName(string swarm, int index) => $"{swarm}-{index}";

    /// <summary>The next free host number: hosts are `swarm-1`, `swarm-2`, … and never reuse a number.</summary>
    public int NextHostIndex() => Hosts.Select(h => HostIndex(h.Name)).DefaultIfEmpty(0).Max() + 1;

    public int HostIndex(string hostName) =>
        hostName.StartsWith(Name + "-", StringComparison.Ordinal) && int.TryParse(hostName[(Name.Length + 1)..], out var n) ? n : 0;
}
