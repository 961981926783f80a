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
public sealed class StackDuplicator(string repoRoot, IReadOnlyDictionary<string, string> environment,
    Func<string, IRemoteConfigStore?> remoteStoreForSwarm)
{
    /// <summary>Settings that must not be copied: published ports would clash; the swarm follows the new name.</summary>
    public static readonly string[] NotCopied = [ConfigKeys.RpcPort.Name, ConfigKeys.ApiPort.Name, ConfigKeys.Swarm.Name];

    /// <summary>Deploys a stack whose configuration is written and waits until it is healthy.</summary>
    public delegate Task DeployStack(string stack, CancellationToken cancellationToken);

    /// <summary>Waits until every node of a deployed stack is healthy and peered (WaitHealthy).</summary>
    public delegate Task WaitHealthy(string stack, CancellationToken cancellationToken);

    /// <summary>
    /// DeployStack (then WaitHealthy) and WaitHealthy for the new stack, as the targets do them,
    /// sharing one lifecycle: one configuration load and one IPVS check for both.
    /// </summary>
    public (DeployStack Deploy, WaitHealthy WaitHealthy) Steps(IEngineConnection targetEngine, TimeSpan? healthTimeout)
    {
        StackLifecycle? copy = null;
        async Task<StackLifecycle> LifecycleAsync(string stack, CancellationToken token)
        {
            if (copy is not null) return copy;
            var configuration = (await StackConfigurationLoader.LoadAsync(repoRoot, stack, environment, remoteStoreForSwarm, token)).Configuration;
            var publishing = PublishModeDetector.Decide(configuration.PublishMode, await targetEngine.RoutingMeshAvailableAsync(token));
            return copy = new StackLifecycle(targetEngine, configuration, repoRoot, publishing.Mode);
        }
        return (async (stack, token) =>
            {
                var lifecycle = await LifecycleAsync(stack, token);
                await lifecycle.DeployAsync(token);
                await lifecycle.WaitHealthyAsync(healthTimeout, token);
            },
            async (stack, token) => await (await LifecycleAsync(stack, token)).WaitHealthyAsync(healthTimeout, token));
    }

    /// <param name="targetEngine">The swarm the new stack goes to (its name decides which; may be another swarm).</param>
    public async Task RunAsync(NodeLocator source, string? target, IEngineConnection targetEngine, DeployStack deploy,
        WaitHealthy waitHealthy, CancellationToken cancellationToken)
    {
        var to = StackName.Check(target ?? throw new UserErrorException("DuplicateStack needs --to <newStack>."));
        if (to == source.Stack) throw new UserErrorException($"--to '{to}' is the stack being duplicated; choose a new name.");
        var file = await NewStackAsync(to, targetEngine, cancellationToken);

        var node1 = await source.FindAsync(NodeId.Parse("1"), cancellationToken);
        var dump = Path.Combine(Path.GetTempPath(), $"wst-duplicate-{source.Stack}-{Guid.NewGuid():N}.tar.gz");
        try
        {
            var manifest = await DbDump.RunAsync(node1, dump, force: false, cancellationToken);
            Ui.Info($"Dumped {source.Stack} node 1 at height {manifest.Height}.");
            await WriteConfigurationAsync(source.Stack, file, cancellationToken);
            try
            {
                await deploy(to, cancellationToken);
            }
            catch
            {
                await ForgetAsync(file);   // nothing of the new stack is left to refuse a retry
                throw;
            }
            var nodes = await new NodeLocator(targetEngine, to).AllWaveletNodesAsync(cancellationToken);
            // The new stack holds only what it made since it started: replacing that is the point.
            await DbRestore.RunAsync(nodes, dump, force: true, cancellationToken);
            // Each restored /wavelet restarted with no peers: done means peered again, as after a deploy.
            await waitHealthy(to, cancellationToken);
            Ui.Success($"Stack '{to}' runs as a copy of '{source.Stack}' ({nodes.Count} node(s) at height ≥ {manifest.Height}).");
        }
        finally
        {
            File.Delete(dump);
        }
    }

    /// <summary>The new stack's (empty) file, refused when the stack has a configuration or runs on <paramref name="targetEngine"/>.</summary>
    public async Task<StackConfigFile> NewStackAsync(string to, IEngineConnection targetEngine, CancellationToken cancellationToken)
    {
        var file = await NewStackFileAsync(to, cancellationToken);
        if ((await StackServices.ListAsync(targetEngine.Manager, to, cancellationToken)).Count > 0)
            throw new UserErrorException($"Stack '{to}' is running; choose another name or stop it (`./build.sh StopStack --stack {to}`).");
        return file;
    }

    /// <summary>The new stack's (empty) file, refused when it has one: on its swarm's manager when that swarm is remote, else stacks/.</summary>
    public async Task<StackConfigFile> NewStackFileAsync(string to, CancellationToken cancellationToken)
    {
        // A local file counts even for a remote swarm: the loader layers it under the manager's copy.
        if (ConfigFiles.StackFiles(to).FirstOrDefault(f => File.Exists(Path.Combine(repoRoot, f))) is { } existing)
            throw new UserErrorException($"Stack '{to}' already has a configuration ({existing}); choose another name or remove that file.");
        var file = await StackConfigFile.OpenAsync(repoRoot, to, environment, remoteStoreForSwarm, cancellationToken);
        if (!string.IsNullOrWhiteSpace(file.Text))
            throw new UserErrorException($"Stack '{to}' already has a configuration ({file.Location}); choose another name.");
        return file;
    }

    /// <summary>Writes the source's own settings, less <see cref="NotCopied"/>, as the new stack's file.</summary>
    public async Task WriteConfigurationAsync(string from, StackConfigFile file, CancellationToken cancellationToken)
    {
        var source = await StackConfigFile.OpenAsync(repoRoot, from, environment, remoteStoreForSwarm, cancellationToken);
        var settings = KeyValueFile.Parse(source.Text, source.Location);
        foreach (var key in NotCopied) settings = settings.Without(key);
        // Saved as SetConfig saves: checked whole first, owner-only when it holds keys.
        await file.SaveAsync($"# Duplicated from {from} by DuplicateStack on {DateTime.UtcNow:u} (fixed ports left out).\n{settings}", cancellationToken);
        Ui.Info($"Wrote {file.Location} from {from}'s configuration.");
    }

    /// <summary>Undoes <see cref="WriteConfigurationAsync"/>: the local file goes; a remote copy is emptied (the store cannot delete).</summary>
    public async Task ForgetAsync(StackConfigFile file)
    {
        var local = Path.Combine(repoRoot, ConfigFiles.StackFile(file.Stack));
        if (file.Location == ConfigFiles.StackFile(file.Stack)) File.Delete(local);
        else await file.SaveAsync("", CancellationToken.None);
    }
}
