using WaveletStack.Output;
using WaveletStack.Swarm;

namespace WaveletStack.Providers.DigitalOcean;

/// <summary>
/// Droplets on DigitalOcean: one API key for the swarm's public key, droplets tagged
/// `wavelet-stack-&lt;swarm&gt;` (so they can always be found and deleted by tag), and a cloud
/// firewall on that tag. Docker comes from Debian's docker.io, installed by the shared steps.
/// </summary>
public sealed class DigitalOceanHostProvider(DigitalOceanClient client, Func<string, string?>? prompt = null) : IHostProvider
{
    public const string ProviderName = "digitalocean";
    public const string Image = "debian-12-x64";
    const string TagResource = "tag", KeyResource = "sshKeyId", FirewallResource = "firewallId", RegionResource = "region", SizeResource = "size";
    static readonly TimeSpan CreateDeadline = TimeSpan.FromMinutes(10);

    DoSize? size;
    DoRegion? region;

    /// <summary>How often actions are polled (short for the tests' fake).</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(5);

    public string Name => ProviderName;
    public bool AlwaysInstallDocker => true;

    public static string Tag(string swarm) => $"wavelet-stack-{swarm}";

    public async Task PrepareAsync(HostRequest request, IReadOnlyList<string> names, CancellationToken cancellationToken)
    {
        var account = await client.GetAccountAsync(cancellationToken);
        if (account.Status is not null && account.Status != "active")
            throw new UserErrorException($"The DigitalOcean account is {account.Status}, not active; settle it in the control panel first.");
        region = DigitalOceanChoices.Region(request.Region, await client.ListRegionsAsync(cancellationToken), prompt);
        size = DigitalOceanChoices.Size(request.Size, await client.ListSizesAsync(cancellationToken), region, prompt);
        DigitalOceanChoices.PrintPlan(names, size, region);
    }

    public async Task CreateHostsAsync(SwarmState state, HostRequest request, IReadOnlyList<string> names, CancellationToken cancellationToken)
    {
        if (size is null || region is null) throw new InvalidOperationException("PrepareAsync must run first.");
        var tag = Tag(state.Name);
        state.SetResource(TagResource, tag);
        var key = await client.AddSshKeyAsync($"wavelet-stack-{state.Name}", state.PublicKey, cancellationToken);
        state.SetResource(KeyResource, key.Id.ToString());

        var created = await client.CreateDropletsAsync(new DoDropletCreate([.. names], region.Slug, size.Slug, Image,
            [key.Id], [tag], UserData), cancellationToken);
        // Recorded before waiting: if the wait fails, they are known (and found by tag anyway).
        foreach (var droplet in created.Droplets)
            state.AddHost(new SwarmHost(droplet.Name, droplet.PublicAddress ?? "") { ProviderId = droplet.Id.ToString() });
        await client.WaitForActionsAsync(created.Links?.Actions?.Select(a => a.Id) ?? [], CreateDeadline, PollInterval, cancellationToken);

        var running = await client.ListDropletsByTagAsync(tag, cancellationToken);
        foreach (var name in names)
        {
            var droplet = running.FirstOrDefault(d => d.Name == name)
                ?? throw new UserErrorException($"Droplet {name} was created but is no longer listed under tag {tag}.");
            var address = droplet.PublicAddress ?? throw new UserErrorException($"Droplet {name} has no public IPv4 address.");
            state.AddHost(new SwarmHost(name, address) { ProviderId = droplet.Id.ToString(), PrivateAddress = droplet.PrivateAddress });
        }
        state.SetResource(RegionResource, region.Slug);
        state.SetResource(SizeResource, size.Slug);
    }

    public async Task<bool> AllowSwarmTrafficAsync(SwarmState state, CancellationToken cancellationToken)
    {
        // By tag: hosts added later are covered without changing the firewall. A firewall an older
        // version made (every port open to all) is narrowed to today's rules.
        var rules = DigitalOceanFirewall.For(Tag(state.Name));
        if (state.Record.Resources.TryGetValue(FirewallResource, out var existing))
        {
            await client.UpdateFirewallAsync(existing, rules, cancellationToken);
            return true;
        }
        var firewall = await client.CreateFirewallAsync(rules, cancellationToken);
        state.SetResource(FirewallResource, firewall.Id!);
        return true;
    }

    public IReadOnlyList<string> DescribeResources(SwarmState state) =>
    [
        .. state.Record.Hosts.Select(h => $"droplet {h.Name} ({(h.Address.Length > 0 ? h.Address : "address not yet known")})"),
        $"every other droplet tagged {Tag(state.Name)}",
        .. state.Record.Resources.ContainsKey(FirewallResource) ? [$"firewall {Tag(state.Name)}"] : Array.Empty<string>(),
        .. state.Record.Resources.TryGetValue(KeyResource, out var key) ? [$"SSH key {key} (wavelet-stack-{state.Name}) on the account"] : Array.Empty<string>(),
    ];

    public async Task DeleteAsync(SwarmState state, CancellationToken cancellationToken)
    {
        await client.DeleteDropletsByTagAsync(Tag(state.Name), cancellationToken);
        if (state.Record.Resources.TryGetValue(FirewallResource, out var firewall))
            await client.DeleteFirewallAsync(firewall, cancellationToken);
        if (state.Record.Resources.TryGetValue(KeyResource, out var key) && long.TryParse(key, out var id))
            await client.DeleteSshKeyAsync(id, cancellationToken);
        Ui.Info($"Deleted the droplets tagged {Tag(state.Name)}, its firewall and SSH key.");
    }

    // First boot: no password logins; Docker itself is installed by the shared steps over SSH.
    const string UserData = """
        #cloud-config
        ssh_pwauth: false
        disable_root: false
        """;
}
