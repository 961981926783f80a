namespace WaveletStack.Providers.DigitalOcean;

// The parts of the DigitalOcean API v2's JSON the tool uses (snake_case on the wire). Data only.

public sealed record DoError(string? Id, string? Message);
public sealed record DoPages(string? Next);
public sealed record DoLinks(DoPages? Pages, List<DoActionLink>? Actions);
public sealed record DoActionLink(long Id, string? Rel, string? Href);

public sealed record DoAccount(int DropletLimit, string? Email, string? Status);
public sealed record DoAccountResponse(DoAccount Account);

public sealed record DoSize(string Slug, int Memory, int Vcpus, int Disk, decimal PriceMonthly, decimal PriceHourly, List<string>? Regions, bool Available, string? Description);
public sealed record DoRegion(string Slug, string Name, List<string>? Sizes, bool Available);

public sealed record DoSshKey(long Id, string Fingerprint, string PublicKey, string Name);
public sealed record DoSshKeyResponse(DoSshKey SshKey);
public sealed record DoSshKeyCreate(string Name, string PublicKey);

public sealed record DoNetwork(string IpAddress, string Type);
public sealed record DoNetworks(List<DoNetwork>? V4);
public sealed record DoDroplet(long Id, string Name, string Status, List<string>? Tags, DoNetworks? Networks)
{
    public string? PublicAddress => Networks?.V4?.FirstOrDefault(n => n.Type == "public")?.IpAddress;
    public string? PrivateAddress => Networks?.V4?.FirstOrDefault(n => n.Type == "private")?.IpAddress;
}
public sealed record DoDropletCreate(List<string> Names, string Region, string Size, string Image, List<long> SshKeys, List<string> Tags, string? UserData);
public sealed record DoDropletsCreated(List<DoDroplet> Droplets, DoLinks? Links);

public sealed record DoAction(long Id, string Status, string? Type);
public sealed record DoActionResponse(DoAction Action);

public sealed record DoFirewallSources(List<string>? Addresses = null, List<string>? Tags = null);
public sealed record DoInboundRule(string Protocol, string Ports, DoFirewallSources Sources);
public sealed record DoOutboundRule(string Protocol, string Ports, DoFirewallSources Destinations);
public sealed record DoFirewall(string? Id, string Name, List<DoInboundRule> InboundRules, List<DoOutboundRule> OutboundRules, List<string> Tags);
public sealed record DoFirewallResponse(DoFirewall Firewall);
