using WaveletStack.Providers.DigitalOcean;
using WaveletStack.Providers.Local;
using WaveletStack.Providers.Ssh;
using WaveletStack.Swarm;
using WaveletStack.Output;

namespace WaveletStack.Providers;

/// <summary>The providers by the name given to --provider (and stored in a swarm's state).</summary>
public static class HostProviders
{
    public static readonly IReadOnlyList<string> Names = [DigitalOceanHostProvider.ProviderName, SshHostProvider.ProviderName, LocalHostProvider.ProviderName];

    public static IHostProvider Get(string? name, HostRequest request) => name switch
    {
        DigitalOceanHostProvider.ProviderName => new DigitalOceanHostProvider(DigitalOceanClient.FromRequest(request), Prompt.ForTerminal()),
        SshHostProvider.ProviderName => new SshHostProvider(),
        LocalHostProvider.ProviderName => new LocalHostProvider(),
        null or "" => throw new UserErrorException($"No provider given; pass --provider with one of: {string.Join(", ", Names)}."),
        _ => throw new UserErrorException($"Unknown provider '{name}'; use one of: {string.Join(", ", Names)}."),
    };
}
