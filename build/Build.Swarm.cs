using WaveletStack.Configuration;
using WaveletStack.Providers;
using WaveletStack.Swarm;
using WaveletStack.Targets;
using WaveletStack.Provisioning;
using WaveletStack.Output;

/// <summary>Swarms: make them (DigitalOcean, your own hosts over SSH, local Docker-in-Docker hosts), share and remove them.</summary>
partial class Build
{
    [Parameter("CreateSwarm: where the hosts come from: digitalocean, ssh or local")]
    readonly string? Provider;

    [Parameter("The swarm to create, expand, import, destroy or show (SwarmStatus: default is this machine's engine)")]
    readonly string? Swarm;

    [Parameter("CreateSwarm/ExpandSwarm on digitalocean: droplet size slug (default s-1vcpu-2gb), or ask")]
    readonly string? Size;

    [Parameter("CreateSwarm/ExpandSwarm on digitalocean: region slug (default nyc3), or ask")]
    readonly string? Region;

    [Parameter("CreateSwarm/ExpandSwarm on ssh: your hosts, comma separated (root@10.1.2.3,root@10.1.2.4)")]
    readonly string? Hosts;

    [Parameter("DigitalOcean API token (better in the DIGITALOCEAN_TOKEN variable: a command line shows in ps and shell history)"), Secret]
    readonly string? DigitalOceanToken;

    [Parameter("CreateSwarm/ExpandSwarm: install the distribution's docker.io on hosts that lack Docker")]
    readonly bool InstallDocker;

    [Parameter("ImportSwarm: the address of any host of the swarm")]
    readonly string? Ip;

    [Parameter("ImportSwarm and the ssh provider: a private key the hosts accept (default ~/.ssh/id_ed25519, id_ecdsa, id_rsa)")]
    readonly string? Identity;

    Target CreateSwarm => _ => _
        .Description("Create a swarm: --provider digitalocean|ssh|local --swarm S [--count N] [--size S|ask] [--region R|ask] [--hosts …]")
        .Requires(() => Provider).Requires(() => Swarm)
        .Executes(() => new SwarmProvisioner(SwarmStore.Default()).CreateAsync(Provider, SwarmRequest(), CancellationToken));

    Target ExpandSwarm => _ => _
        .Description("Add --count N hosts (default 1) to --swarm S; takes the create arguments of its provider (e.g. another --region)")
        .Requires(() => Swarm)
        .Executes(() => new SwarmProvisioner(SwarmStore.Default()).ExpandAsync(SwarmRequest(), CancellationToken));

    Target DestroySwarm => _ => _
        .Description("Delete every host of --swarm S, its firewall, key and local state: shows what, then needs --force (or the name typed)")
        .Requires(() => Swarm)
        .Executes(() => new SwarmDestroyer(SwarmStore.Default()).DestroyAsync(SwarmRequest(), Force, Prompt.AskLine(), CancellationToken));

    Target ImportSwarm => _ => _
        .Description("Fetch a swarm's state from --ip <any of its hosts> (SSH as root with a key it accepts, or --identity)")
        .Requires(() => Ip)
        .Executes(() => new SwarmImporter(SwarmStore.Default()).ImportAsync(Ip!, Identity, CancellationToken));

    Target SwarmStatus => _ => _
        .Description("The swarm's hosts (status, availability, manager, engine) and its stacks")
        .Executes(() => SwarmReports.PrintStatusAsync(Swarm ?? WaveletStack.Docker.LocalEngineConnection.SwarmName, SwarmStore.Default(), CancellationToken));

    Target ListSwarms => _ => _
        .Description("The swarms known on this machine, with provider and host count")
        .Executes(() => SwarmReports.PrintKnown(SwarmStore.Default()));

    HostRequest SwarmRequest()
    {
        var hosts = (Hosts ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return new HostRequest(Swarm!, Count ?? (hosts.Length > 0 ? hosts.Length : 1))
        {
            Size = Size, Region = Region, Hosts = hosts, Identity = Identity, InstallDocker = InstallDocker,
            DigitalOceanToken = DigitalOceanToken, RepositoryRoot = RootDirectory,
            Registry = ConfigKeys.Registry.FromEnvironment(StackConfigurationLoader.ProcessEnvironment(), RootDirectory),
        };
    }
}
