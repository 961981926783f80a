using WaveletStack.Configuration;
using WaveletStack.Docker;
using WaveletStack.Output;
using WaveletStack.Stack;

namespace WaveletStack.Node;

/// <summary>
/// `DuplicateStack --to &lt;new&gt;`: the source's configuration (without fixed ports, which would
/// clash, and without SWARM, so the new name picks its swarm) and node 1's database become a new
/// stack: written, deployed, restored into every node, and waited for until healthy.
/// </summary>
public sealed class StackDuplicator(string repoRoot)
{
    /// <summary>Settings that must not be copied: published ports would clash; the swarm follows the new name.</summary>
    public static readonly string[] NotCopied = [ConfigKeys.RpcPort.Name, ConfigKeys.ApiPort.Name, "SWARM"];

    /// <summary>Deploys a stack whose configuration is written and waits until it is healthy.</summary>
    public delegate Task DeployStack(string stack, CancellationToken cancellationToken);

    /// <param name="targetEngine">The swarm the new stack goes to (its name decides which; may be another swarm).</param>
    public async Task RunAsync(NodeLocator source, string? target, IEngineConnection targetEngine, DeployStack deploy,
        CancellationToken cancellationToken)
    {
        var to = StackName.Check(target ?? throw new UserErrorException("DuplicateStack needs --to <newStack>."));
        if (to == source.Stack) throw new UserErrorException($"--to '{to}' is the stack being duplicated; choose a new name.");
        if (ConfigFiles.StackFiles(to).FirstOrDefault(f => File.Exists(Path.Combine(repoRoot, f))) is { } existing)
            throw new UserErrorException($"Stack '{to}' already has a configuration ({existing}); choose another name or remove that file.");
        if ((await StackServices.ListAsync(targetEngine.Manager, to, cancellationToken)).Count > 0)
            throw new UserErrorException($"Stack '{to}' is running; choose another name or stop it (`./build.sh StopStack --stack {to}`).");

        var node1 = await source.FindAsync(NodeId.Parse("1"), cancellationToken);
        var dump = Path.Combine(Path.GetTempPath(), $"wst-duplicate-{source.Stack}-{Guid.NewGuid():N}.tar.gz");
        var configPath = Path.Combine(repoRoot, ConfigFiles.StackFile(to));
        try
        {
            var manifest = await DbDump.RunAsync(node1, dump, force: false, cancellationToken);
            Ui.Info($"Dumped {source.Stack} node 1 at height {manifest.Height}.");
            WriteConfiguration(source.Stack, to, configPath);
            try
            {
                await deploy(to, cancellationToken);
            }
            catch
            {
                File.Delete(configPath);   // nothing of the new stack is left to refuse a retry
                throw;
            }
            var nodes = await new NodeLocator(targetEngine, to).AllWaveletNodesAsync(cancellationToken);
            // The new stack holds only what it made since it started: replacing that is the point.
            await DbRestore.RunAsync(nodes, dump, force: true, cancellationToken);
            Ui.Success($"Stack '{to}' runs as a copy of '{source.Stack}' ({nodes.Count} node(s) at height ≥ {manifest.Height}).");
        }
        finally
        {
            File.Delete(dump);
        }
    }

    void WriteConfiguration(string from, string to, string path)
    {
        var file = ConfigFiles.ReadStackFile(repoRoot, from)?.File ?? KeyValueFile.Empty;
        foreach (var key in NotCopied) file = file.Without(key);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        // Written for its owner only: a stack's configuration may hold its private keys.
        File.WriteAllText(path, "");
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        File.WriteAllText(path, $"# Duplicated from {from} by DuplicateStack on {DateTime.UtcNow:u} (fixed ports left out).\n{file}");
        Ui.Info($"Wrote {Path.GetRelativePath(repoRoot, path)} from {from}'s configuration.");
    }
}
