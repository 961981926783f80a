using WaveletStack.Swarm;

namespace WaveletStack.Providers.DigitalOcean;

public sealed class DigitalOceanHostProvider(DigitalOceanClient client) : IHostProvider
{
    public const string ProviderName = "digitalocean";
    public string Name => ProviderName;
    public Task PrepareAsync(HostRequest request, CancellationToken cancellationToken) => throw new NotImplementedException();
    public Task CreateHostsAsync(SwarmState state, HostRequest request, IReadOnlyList<string> names, CancellationToken cancellationToken) => throw new NotImplementedException();
    public Task<bool> AllowSwarmTrafficAsync(SwarmState state, CancellationToken cancellationToken) => throw new NotImplementedException();
    public IReadOnlyList<string> DescribeResources(SwarmState state) => [];
    public Task DeleteAsync(SwarmState state, CancellationToken cancellationToken) => throw new NotImplementedException();
}
