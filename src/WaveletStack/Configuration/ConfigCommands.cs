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
    public async Task ShowAsync(bool origin, bool reveal, CancellationToken cancellationToken)
    {
        var loaded = await StackConfigurationLoader.LoadAsync(RepoRoot, Stack, Environment, RemoteStoreForSwarm, cancellationToken);
        Warn(loaded);
        Ui.Out.Write(ConfigPrinter.Render(loaded, origin, reveal));
    }

    public async Task SetAsync(IReadOnlyList<string> sets, IReadOnlyList<string> unsets, CancellationToken cancellationToken)
    {
        if (sets.Count == 0 && unsets.Count == 0)
            throw new UserErrorException("SetConfig needs at least one --set KEY=VALUE or --unset KEY (ShowConfig lists the keys).");
        var file = await Open(cancellationToken);
        var loaded = await ConfigChanges.SetAsync(file, sets, unsets, cancellationToken);
        Warn(loaded);
        Ui.Success($"Wrote {file.Location}: " + string.Join(", ", sets.Select(s => s.Split('=')[0].Trim()).Concat(unsets.Select(u => "-" + u.Trim()))));
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
        Ui.Out.Write("Reopen the editor to fix it? [Y/n] ");
        Ui.Out.Flush();
        var answer = Console.ReadLine()?.Trim();
        return answer is not null && (answer.Length == 0 || Validators.ParseBoolean(answer) == true);
    }
}
