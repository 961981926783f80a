using WaveletStack.Output;

namespace WaveletStack.Configuration;

/// <summary>
/// What the ShowConfig, SetConfig and EditConfig targets do, so that each target is one call:
/// load or open the stack's configuration, act, and report warnings on standard error (standard
/// output stays plain KEY=VALUE text).
/// </summary>
public sealed record ConfigCommands(
    string RepoRoot, string? Stack, IReadOnlyDictionary<string, string> Environment, Func<string, IRemoteConfigStore?> RemoteStoreForSwarm)
{
    /// <summary>Where <c>--set-file KEY=-</c> reads from; the console unless a test gives another.</summary>
    public Func<TextReader> StandardInput { get; init; } = () => Console.In;

    public async Task ShowAsync(bool origin, bool reveal, CancellationToken cancellationToken)
    {
        var loaded = await StackConfigurationLoader.LoadAsync(RepoRoot, Stack, Environment, RemoteStoreForSwarm, cancellationToken);
        Warn(loaded);
        Ui.Out.Write(ConfigPrinter.Render(loaded, origin, reveal));
    }

    public async Task SetAsync(IReadOnlyList<string> sets, IReadOnlyList<string> setFiles, IReadOnlyList<string> unsets, CancellationToken cancellationToken)
    {
        if (sets.Count == 0 && setFiles.Count == 0 && unsets.Count == 0)
            throw new UserErrorException("SetConfig needs at least one --set KEY=VALUE, --set-file KEY=FILE or --unset KEY (ShowConfig lists the keys).");
        foreach (var key in ConfigSetFiles.SecretsIn(sets))
            Ui.Warn($"{key} was given on the command line, where `ps` and your shell's history keep it; " +
                    $"use --set-file {key}=<file> (or {key}=- for standard input) instead.");
        var all = sets.Concat(ConfigSetFiles.Read(setFiles, StandardInput)).ToList();
        var file = await Open(cancellationToken);
        var loaded = await ConfigChanges.SetAsync(file, all, unsets, cancellationToken);
        Warn(loaded);
        Ui.Success($"Wrote {file.Location}: " + string.Join(", ", all.Select(s => s.Split('=')[0].Trim()).Concat(unsets.Select(u => "-" + u.Trim()))));
    }

    public async Task EditAsync(CancellationToken cancellationToken)
    {
        var file = await Open(cancellationToken);
        var (outcome, loaded) = await ConfigEditor.EditAsync(file, Environment, Console.IsInputRedirected ? null : AskReopen, cancellationToken);
        if (loaded is not null) Warn(loaded);
        Ui.Info(outcome == ConfigEditor.Outcome.Saved ? $"Wrote {file.Location}." : $"No change; {file.Location} left as it was.");
    }

    Task<StackConfigFile> Open(CancellationToken cancellationToken) =>
        StackConfigFile.OpenAsync(RepoRoot, Stack, Environment, RemoteStoreForSwarm, cancellationToken);

    static void Warn(LoadedConfiguration loaded)
    {
        foreach (var warning in loaded.Warnings) Ui.Warn(warning.Message);
    }

    /// <summary>At a terminal: show the errors and offer to go back to the editor (Enter means yes).</summary>
    static bool AskReopen(ConfigurationException error)
    {
        Ui.Fail(error.Message);
        var answer = Prompt.ForTerminal()?.Invoke("Reopen the editor to fix it? [Y/n] ")?.Trim();
        return answer is not null && (answer.Length == 0 || Validators.ParseBoolean(answer) == true);
    }
}
