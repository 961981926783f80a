
using WaveletStack.Output;
using WaveletStack.Processes;

namespace WaveletStack.Configuration;

/// <summary>
/// <c>EditConfig</c>: opens the user's editor on a private temporary copy of the stack's file,
/// checks the saved text as part of the whole configuration, and only then writes it. On errors
/// it reopens the editor when someone can answer, else refuses, so a bad edit never lands.
/// </summary>
public static class ConfigEditor
{
    /// <summary>Reopen rounds before giving up, so that a broken editor script cannot loop forever.</summary>
    const int MaxRounds = 20;

    /// <summary>How an edit ended.</summary>
    public enum Outcome { Saved, Unchanged }

    /// <param name="askReopen">Asked after a bad edit, with its errors; null when no one can answer (not a terminal).</param>
    public static async Task<(Outcome Outcome, LoadedConfiguration? Loaded)> EditAsync(
        StackConfigFile target, IReadOnlyDictionary<string, string> environment,
        Func<ConfigurationException, bool>? askReopen, CancellationToken cancellationToken)
    {
        var folder = PrivateFiles.CreateTemporaryFolder("wavelet-stack-edit-");
        try
        {
            var copy = Path.Combine(folder.FullName, target.Stack);
            var original = target.Text.Length > 0 ? target.Text : Template(target.Stack);
            await PrivateFiles.WriteAsync(copy, original, cancellationToken);

            for (var round = 1; ; round++)
            {
                await RunEditorAsync(Editor(environment), copy, cancellationToken);
                var edited = await File.ReadAllTextAsync(copy, cancellationToken);
                if (edited == original) return (Outcome.Unchanged, null);
                try
                {
                    return (Outcome.Saved, await target.SaveAsync(edited, cancellationToken));
                }
                catch (ConfigurationException error) when (round < MaxRounds && askReopen is not null && askReopen(error))
                {
                    // The bad text stays in the copy so that the user fixes it rather than retypes it.
                }
            }
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    /// <summary>$VISUAL, then $EDITOR, then vi, as the original's edit-config and git do.</summary>
    public static string Editor(IReadOnlyDictionary<string, string> environment) =>
        new[] { "VISUAL", "EDITOR" }.Select(environment.GetValueOrDefault).FirstOrDefault(e => !string.IsNullOrWhiteSpace(e)) ?? "vi";

    /// <summary>A new stack's file: every key as a comment with its default and meaning.</summary>
    public static string Template(string stack) =>
        $"# Configuration of stack {stack}: KEY=VALUE lines; '#' starts a comment; an empty value means the default.\n" +
        string.Concat(ConfigKeys.All.Select(k => $"# {k.Description}\n#{k.Name}={k.Default}\n"));

    static async Task RunEditorAsync(string editor, string path, CancellationToken cancellationToken)
    {
        // Through the shell, like git, so that "code --wait" or "emacs -nw" work as $EDITOR.
        var exitCode = await ExternalProcess.RunInTerminalAsync("/bin/sh", ["-c", editor + " \"$1\"", "sh", path], null,
            $"Could not start the editor '{editor}'; set VISUAL or EDITOR to an installed editor.", cancellationToken);
        if (exitCode == 127)
            throw new UserErrorException($"The editor '{editor}' was not found; set VISUAL or EDITOR to an installed editor (nothing was changed).");
        if (exitCode != 0)
            throw new UserErrorException($"The editor '{editor}' exited with code {exitCode}; nothing was changed.");
    }
}
