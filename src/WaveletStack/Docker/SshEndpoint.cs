namespace WaveletStack.Docker;

/// <summary>Where and as whom to log in: `root@10.1.2.3`, `admin@host:2222`, or a bare address (root).</summary>
public sealed record SshEndpoint(string User, string Address, int Port = 22)
{
    public static SshEndpoint Parse(string text)
    {
        var value = text.Trim();
        var at = value.LastIndexOf('@');
        var user = at > 0 ? value[..at] : "root";
        var hostPort = at >= 0 ? value[(at + 1)..] : value;
        var port = 22;
        // An IPv6 address has colons of its own; only `[addr]:port` carries a port then.
        var colon = hostPort.LastIndexOf(':');
        if (colon > 0 && (hostPort.StartsWith('[') ? hostPort[colon - 1] == ']' : hostPort.IndexOf(':') == colon))
        {
            if (!int.TryParse(hostPort[(colon + 1)..], out port) || port is < 1 or > 65535)
                throw new UserErrorException($"The SSH port in '{text}' is not a number from 1 to 65535; write hosts as user@address or user@address:port.");
            hostPort = hostPort[..colon];
        }
        hostPort = hostPort.Trim('[', ']');
        if (hostPort.Length == 0 || user.Length == 0)
            throw new UserErrorException($"'{text}' is not an SSH host; write hosts as user@address (for example root@10.1.2.3).");
        return new SshEndpoint(user, hostPort, port);
    }

    public override string ToString() => Port == 22 ? $"{User}@{Address}" : $"{User}@{Address}:{Port}";
}
