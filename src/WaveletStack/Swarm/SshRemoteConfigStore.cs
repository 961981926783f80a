using System.Text;
using System.Text.RegularExpressions;
using WaveletStack.Configuration;

namespace WaveletStack.Swarm;

/// <summary>
/// A stack's configuration kept on its swarm's manager at /etc/wavelet-stack/&lt;stack&gt; (root only),
/// read and written over SSH. The folder is made quietly on the first write (the original printed
/// a scp error for every first stack on a swarm).
/// </summary>
public sealed partial class SshRemoteConfigStore(SwarmState swarm) : IRemoteConfigStore
{
    const string Folder = "/etc/wavelet-stack";
    const string Missing = "wavelet-stack:no-config";

    public string Describe(string stack) => $"{swarm.Record.ManagerHost?.Name ?? swarm.Name}:{Folder}/{stack}";

    public async Task<string?> ReadAsync(string stack, CancellationToken cancellationToken)
    {
        var path = PathOf(stack);
        using var session = await ConnectAsync(cancellationToken);
        var text = await session.RunAsync($"if [ -f {path} ]; then cat {path}; else echo {Missing}; fi", cancellationToken);
        return text.TrimEnd() == Missing ? null : text;
    }

    public async Task WriteAsync(string stack, string text, CancellationToken cancellationToken)
    {
        var path = PathOf(stack);
        using var session = await ConnectAsync(cancellationToken);
        // Written beside, then moved: a reader never sees half a file.
        await session.RunAsync(
            $"umask 077 && mkdir -p {Folder} && chmod 700 {Folder} && cat > {path}.new && chmod 600 {path}.new && mv {path}.new {path}",
            cancellationToken, Encoding.UTF8.GetBytes(text));
    }

    Task<Docker.SshSession> ConnectAsync(CancellationToken cancellationToken)
    {
        var manager = swarm.Record.ManagerHost ?? throw new UserErrorException(
            $"Swarm '{swarm.Name}' has no hosts recorded; import it again with `ImportSwarm --ip <host address>`.");
        return swarm.ConnectAsync(manager.Endpoint, cancellationToken);
    }

    static string PathOf(string stack)
    {
        // The name goes into a shell command: only the characters a stack name may have.
        if (!StackNamePattern().IsMatch(stack) || stack == "swarm")
            throw new UserErrorException($"Stack name '{stack}' cannot name a remote configuration file; use letters, digits, dots, dashes and underscores.");
        return $"'{Folder}/{stack}'";
    }

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]*$")]
    private static partial Regex StackNamePattern();
}
