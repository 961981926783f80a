using WaveletStack.Configuration;
using WaveletStack.Node;
using WaveletStack.Snapshots;
using WaveletStack.Targets;

/// <summary>Whole-network snapshots: SnapshotStack writes every node's database at one point; RestoreStack makes a new stack of it.</summary>
partial class Build
{
    [Parameter("SnapshotStack: keep WAVELET_KEYS and WAVELET_API_ACME_ACCOUNT_KEY in the snapshot (the file is then readable by you only); without it a restored stack runs the default keys"), CommandLineOnly]
    readonly bool IncludeSecrets;

    Target SnapshotStack => _ => _
        .Description("Every node's database at one point (all /wavelet paused together) and the configuration, as one .tar.gz (--output; --force overwrites)")
        .Requires(() => Output)
        .Executes(async () =>
        {
            WaveletStack.Output.OutputFile.Check(Output!, Force); // refused before the lease is waited for
            await HoldLeaseAsync(await NodeEngineAsync(), Stack); // no deploy may change the nodes while they are copied
            var manifest = await SnapshotTaker.RunAsync(new NodeLocator(await NodeEngineAsync(), Stack), await LoadStackConfigurationAsync(),
                Output, IncludeSecrets, Force, CancellationToken);
            WaveletStack.Output.Ui.Success($"{Output}: {manifest.Nodes.Count} nodes of {Stack} at heights {string.Join(", ", manifest.Nodes.Select(n => n.Height))}");
        });

    Target RestoreStack => _ => _
        .Description("A new stack (--to) from a SnapshotStack file (--input): its configuration (ports left free), node i from node i's database, healthy at the snapshot's heights")
        .Requires(() => Input).Requires(() => To)
        .Executes(async () =>
        {
            var to = StackName.Check(To!);
            var target = await SwarmEngineAsync(StackConfigurationLoader.ResolveSwarm(RootDirectory, to, StackConfigurationLoader.ProcessEnvironment()));
            await HoldLeaseAsync(target, to);
            var stacks = new StackDuplicator(RootDirectory, StackConfigurationLoader.ProcessEnvironment(), RemoteConfigStore);
            var (deploy, waitHealthy) = stacks.Steps(target, Timeout);
            await new SnapshotRestorer(stacks).RunAsync(Input, to, Count, target, deploy, waitHealthy, CancellationToken);
        });
}
