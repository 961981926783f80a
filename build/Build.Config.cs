using WaveletStack.Configuration;
using WaveletStack.Swarm;
using WaveletStack.Targets;

/// <summary>Stack configuration: show it, change keys, edit the stack's file.</summary>
partial class Build
{
    [Parameter("SetConfig: KEY=VALUE to write into the stack's file (repeat: --set A=1 --set B=2)")]
    readonly string[] Set = [];

    [Parameter("SetConfig: KEY=FILE: the value is FILE's content (KEY=-: standard input), so keys stay out of ps and shell history (repeat)")]
    readonly string[] SetFile = [];

    [Parameter("SetConfig: KEY to remove from the stack's file, so the layers below decide (repeat)")]
    readonly string[] Unset = [];

    [Parameter("ShowConfig: append the layer (file, environment, default) that set each value")]
    readonly bool Origin;

    [Parameter("ShowConfig: print WAVELET_KEYS and WAVELET_API_ACME_ACCOUNT_KEY instead of ********"), CommandLineOnly]
    readonly bool Reveal;

    Target ShowConfig => _ => _
        .Description("Print the stack's configuration as sorted KEY=VALUE lines (--origin, --reveal)")
        .Executes(() => ConfigCommands.ShowAsync(Origin, Reveal, CancellationToken));

    Target SetConfig => _ => _
        .Description("Set (--set KEY=VALUE, --set-file KEY=FILE) or remove (--unset KEY) keys in the stack's file; checks the whole result first")
        .Executes(() => ConfigCommands.SetAsync(Set, SetFile, Unset, CancellationToken));

    Target EditConfig => _ => _
        .Description("Edit the stack's file in $VISUAL, $EDITOR or vi; a bad edit is never saved")
        .Executes(() => ConfigCommands.EditAsync(CancellationToken));

    /// <summary>
    /// The stack's configuration for any target: every layer, the manager's copy included, read
    /// once per run with its warnings printed once.
    /// </summary>
    Task<StackConfiguration> LoadStackConfigurationAsync() => stackConfiguration ??= ReadStackConfigurationAsync();
    Task<StackConfiguration>? stackConfiguration;

    async Task<StackConfiguration> ReadStackConfigurationAsync()
    {
        var loaded = await StackConfigurationLoader.LoadAsync(RootDirectory, Stack, StackConfigurationLoader.ProcessEnvironment(),
            RemoteConfigStore, CancellationToken);
        foreach (var warning in loaded.Warnings) WaveletStack.Output.Ui.Warn(warning.Message);
        return loaded.Configuration;
    }

    ConfigCommands ConfigCommands => new(RootDirectory, Stack, StackConfigurationLoader.ProcessEnvironment(), RemoteConfigStore);

    /// <summary>
    /// Stacks on a known remote swarm keep their file on its manager; others use stacks/ (so a
    /// fresh clone can read the original's config/stacks/ files before the swarm is imported).
    /// </summary>
    static IRemoteConfigStore? RemoteConfigStore(string swarm)
    {
        var swarms = SwarmStore.Default();
        if (StackName.IsLocalSwarm(swarm)) return null;
        if (swarms.Exists(swarm)) return new SshRemoteConfigStore(swarms.Load(swarm));
        WaveletStack.Output.Ui.Warn($"swarm '{swarm}' is not known here, so its managers' copy is not read; local files are used (ImportSwarm --ip <host> to share it).");
        return null;
    }
}
