using WaveletStack.Docker;

namespace WaveletStack.Swarm;

/// <summary>
/// What is done on every host over SSH whichever provider made it: Docker present and running,
/// swarm ports open only among the swarm's hosts, and the swarm's state stored for ImportSwarm.
/// </summary>
public static class HostSetup
{
    public const string RemoteStateFolder = "/etc/wavelet-stack/swarm";
    static readonly TimeSpan EngineDeadline = TimeSpan.FromMinutes(3);

    /// <summary>Makes sure the host's engine runs; installs Debian/Ubuntu's docker.io only when asked.</summary>
    public static async Task EnsureDockerAsync(SshSession session, string hostName, bool installDocker, CancellationToken cancellationToken)
    {
        var present = (await session.RunAsync("command -v docker >/dev/null && echo yes || echo no", cancellationToken)).Trim() == "yes";
        if (!present)
        {
            if (!installDocker)
                throw new UserErrorException(
                    $"Host {hostName} ({session.Endpoint}) has no Docker; install it there, or pass --install-docker to install the distribution's docker.io package.");
            await session.RunAsync(
                "export DEBIAN_FRONTEND=noninteractive; (apt-get update -q && apt-get install -y -q docker.io) >/tmp/wavelet-install-docker.log 2>&1 " +
                "|| { tail -n 5 /tmp/wavelet-install-docker.log >&2; exit 1; }; " +
                "command -v systemctl >/dev/null && systemctl enable --now docker >/dev/null 2>&1 || true",
                cancellationToken);
        }
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(EngineDeadline);
        var last = "no answer";
        while (!deadline.IsCancellationRequested)
        {
            try
            {
                await session.RunAsync("docker version --format '{{.Server.Version}}'", deadline.Token);
                return;
            }
            catch (SshCommandException e) { last = e.ErrorOutput.Split('\n')[^1]; }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested) { break; }
            await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
        }
        throw new UserErrorException(
            $"The Docker engine on {hostName} did not start within {EngineDeadline.TotalMinutes:0} minutes ({last}); see `journalctl -u docker` on that host.");
    }

    /// <summary>
    /// Host rules for providers without a cloud firewall: the swarm ports accept only the swarm's
    /// hosts. Other ports (SSH included) are left as they are.
    /// </summary>
    public static Task AllowSwarmTrafficAsync(SshSession session, IEnumerable<string> swarmAddresses, CancellationToken cancellationToken)
    {
        var allowed = string.Join(" ", swarmAddresses.Append("127.0.0.1").Distinct());
        var script = $$"""
            set -e
            command -v iptables >/dev/null || { echo 'iptables is missing' >&2; exit 1; }
            iptables -N WAVELET-SWARM 2>/dev/null || iptables -F WAVELET-SWARM
            for a in {{allowed}}; do iptables -A WAVELET-SWARM -s "$a" -j RETURN; done
            iptables -A WAVELET-SWARM -j DROP
            for rule in "tcp 2377" "tcp 7946" "udp 7946" "udp 4789"; do
              set -- $rule
              iptables -C INPUT -p "$1" --dport "$2" -j WAVELET-SWARM 2>/dev/null || iptables -I INPUT -p "$1" --dport "$2" -j WAVELET-SWARM
            done
            """;
        return session.RunAsync(script, cancellationToken);
    }

    /// <summary>
    /// Stores the swarm's state on the host, readable by root only. The swarm's private key goes
    /// to the manager only (ImportSwarm fetches it there): one worker taken over must not be root
    /// on every other host. A key an older version left on a worker is removed.
    /// </summary>
    public static Task StoreStateAsync(SshSession session, SwarmState state, bool isManager, CancellationToken cancellationToken) =>
        session.RunAsync(
            $"umask 077 && mkdir -p {RemoteStateFolder} && chmod 700 /etc/wavelet-stack {RemoteStateFolder} " +
            $"&& rm -f {RemoteStateFolder}/* && tar -xzf - -C {RemoteStateFolder} --no-same-owner",
            cancellationToken, state.Archive(withPrivateKey: isManager));

    /// <summary>Reads the swarm's state stored on a host (ImportSwarm).</summary>
    public static async Task<IReadOnlyDictionary<string, byte[]>> FetchStateAsync(SshSession session, CancellationToken cancellationToken)
    {
        byte[] archive;
        try
        {
            archive = await session.RunForBytesAsync($"test -f {RemoteStateFolder}/{SwarmState.RecordFile} && tar -czf - -C {RemoteStateFolder} .", cancellationToken);
        }
        catch (SshCommandException)
        {
            throw new UserErrorException($"{session.Endpoint} holds no wavelet-stack swarm ({RemoteStateFolder} is missing); give the address of a host made by CreateSwarm.");
        }
        var files = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        using var gzip = new System.IO.Compression.GZipStream(new MemoryStream(archive), System.IO.Compression.CompressionMode.Decompress);
        using var tar = new System.Formats.Tar.TarReader(gzip);
        while (tar.GetNextEntry() is { } entry)
        {
            if (entry.EntryType != System.Formats.Tar.TarEntryType.RegularFile || entry.DataStream is null) continue;
            var name = Path.GetFileName(entry.Name);
            if (name is not (SwarmState.RecordFile or SwarmState.PrivateKeyFile or SwarmState.PublicKeyFile or SwarmState.KnownHostsFile)) continue;
            using var content = new MemoryStream();
            entry.DataStream.CopyTo(content);
            files[name] = content.ToArray();
        }
        return files;
    }
}
