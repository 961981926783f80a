using System.Diagnostics;
using WaveletStack.Compose;
using WaveletStack.Configuration;
using WaveletStack.Docker;
using WaveletStack.Stack;

namespace WaveletStack.Experiments;

/// <summary>
/// The stack a sweep changes, through its own file as SetConfig changes it: a combination's values
/// written into the file (checked whole first), then a deploy (only what changed is updated; a
/// new WAVELET_NODES takes the membership path) and WaitHealthy. Remembers the file as it was, so
/// <see cref="RestoreAsync"/> puts the stack back.
/// </summary>
public sealed class SweepStack
{
    readonly string repoRoot;
    readonly IEngineConnection engine;
    readonly StackConfigFile file;

    SweepStack(string repoRoot, IEngineConnection engine, StackConfigFile file)
    {
        this.repoRoot = repoRoot;
        this.engine = engine;
        this.file = file;
    }

    public string Name => file.Stack;
    /// <summary>The stack's file as it was before the sweep.</summary>
    public string OriginalText => file.Text;

    public static async Task<SweepStack> OpenAsync(string repoRoot, string stack, IReadOnlyDictionary<string, string> environment,
        Func<string, IRemoteConfigStore?> remoteStoreForSwarm, IEngineConnection engine, CancellationToken cancellationToken) =>
        new(repoRoot, engine, await StackConfigFile.OpenAsync(repoRoot, stack, environment, remoteStoreForSwarm, cancellationToken));

    /// <summary>The file's text with <paramref name="combination"/>'s values set.</summary>
    public string TextFor(SweepCombination combination) =>
        combination.Values.Aggregate(KeyValueFile.Parse(OriginalText, file.Location), (f, v) => f.With(v.Key, v.Value)).ToString();

    /// <summary>
    /// Every combination checked as the whole configuration it makes (environment included), before
    /// anything changes; a bad one is refused naming the combination and what is wrong.
    /// </summary>
    public void Check(IEnumerable<SweepCombination> combinations)
    {
        foreach (var combination in combinations)
        {
            try { file.Check(TextFor(combination)); }
            catch (ConfigurationException e)
            {
                throw new UserErrorException($"The sweep's combination {combination.Label} is not a valid configuration of {Name}: {string.Join("; ", e.Problems.Where(p => p.IsError).Select(p => p.Message.TrimEnd('.')))}; nothing was changed.", e);
            }
        }
    }

    /// <summary>
    /// Writes <paramref name="text"/> as the stack's file, deploys it with every node restarting at
    /// once and waits healthy; the configuration and how long that took.
    /// </summary>
    /// <param name="fresh">Stop the stack and remove its databases first, so the network starts from its genesis.</param>
    public async Task<(StackConfiguration Configuration, TimeSpan ToHealthy)> ApplyAsync(string text, bool fresh, TimeSpan? healthTimeout,
        CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        var configuration = (await file.SaveAsync(text, cancellationToken)).Configuration;
        if (fresh) await (await Lifecycle(configuration, null, cancellationToken)).StopAsync(removeVolumes: true, cancellationToken);
        await DeployAsync(configuration, AllNodesAtOnce, healthTimeout, cancellationToken);
        return (configuration, watch.Elapsed);
    }

    /// <summary>
    /// Puts the stack's file back as it was and deploys that (all nodes at once), then deploys it once
    /// more as DeployStack does, which gives the node service back its one-at-a-time update order
    /// (a change of the update order alone restarts no task).
    /// </summary>
    public async Task RestoreAsync(TimeSpan? healthTimeout, CancellationToken cancellationToken)
    {
        var (configuration, _) = await ApplyAsync(OriginalText, fresh: false, healthTimeout, cancellationToken);
        await DeployAsync(configuration, null, healthTimeout, cancellationToken);
    }

    async Task DeployAsync(StackConfiguration configuration, Func<ComposeFile, ComposeFile>? adjust, TimeSpan? healthTimeout,
        CancellationToken cancellationToken)
    {
        var lifecycle = await Lifecycle(configuration, adjust, cancellationToken);
        await lifecycle.DeployAsync(cancellationToken);
        await lifecycle.WaitHealthyAsync(healthTimeout, cancellationToken);
    }

    async Task<StackLifecycle> Lifecycle(StackConfiguration configuration, Func<ComposeFile, ComposeFile>? adjust, CancellationToken cancellationToken)
    {
        var publishing = PublishModeDetector.Decide(configuration.PublishMode, await engine.RoutingMeshAvailableAsync(cancellationToken));
        return new StackLifecycle(engine, configuration, repoRoot, publishing.Mode) { Adjust = adjust };
    }

    /// <summary>
    /// The node service updated all at once rather than one node at a time: a sweep measures the
    /// network after the change, not the change, and a rolling restart of every node was most of
    /// each combination's time (48–69 s of 3 simulator nodes on a loaded 2-core machine). Swarm
    /// also watches updated tasks for 5 s (its default monitor) before it calls an update done, and
    /// WaitHealthy waits for that: up to 7 of a quiet machine's 17 s to healthy per combination, with
    /// every node already running and peered. WaitHealthy's own checks catch a node that fails later.
    /// </summary>
    static ComposeFile AllNodesAtOnce(ComposeFile template)
    {
        if (template.Services.TryGetValue(StackNaming.NodeService, out var nodes) && nodes.Deploy?.UpdateConfig is { } update)
        {
            update.Parallelism = 0; // swarm: 0 = every task at once
            update.Monitor = "100ms"; // 0 would mean swarm's default of 5 s
        }
        return template;
    }
}
