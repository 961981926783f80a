namespace WaveletStack.Configuration;

/// <summary>
/// <c>SetConfig</c>: applies <c>--set KEY=VALUE</c> and <c>--unset KEY</c> to a stack's file,
/// keeping its comments and the order of its lines, checks the whole result, then writes it.
/// </summary>
public static class ConfigChanges
{
    /// <summary>The file's new text, and the settings that could not be applied (malformed, unknown key).</summary>
    public static (string Text, List<ConfigProblem> Problems) Apply(string text, string source, IEnumerable<string> sets, IEnumerable<string> unsets)
    {
        var file = KeyValueFile.Parse(text, source);
        var problems = new List<ConfigProblem>();
        foreach (var set in sets)
        {
            var equals = set.IndexOf('=');
            if (equals <= 0)
                // Shown only when it looks like a bare key name: anything else may be a pasted secret.
                problems.Add(ConfigProblem.Error(set, (ConfigKeys.Find(set.Trim()) is not null ? $"--set {set.Trim()} has no value" : "a --set argument is not KEY=VALUE") +
                    "; write it as --set WAVELET_NODES=5 (an empty value, KEY=, means the default)."));
            else if (Known(set[..equals].Trim(), "--set", problems) is { } key)
                file = file.With(key.Name, set[(equals + 1)..]);
        }
        foreach (var name in unsets.Select(u => u.Trim()))
        {
            // A misspelt key already in the file may be removed: that is how it gets cleaned up.
            if (file.HasKey(name)) file = file.Without(name);
            else if (Known(name, "--unset", problems) is { } key) file = file.Without(key.Name);
        }
        return (file.ToString(), problems);
    }

    public static async Task<LoadedConfiguration> SetAsync(
        StackConfigFile target, IEnumerable<string> sets, IEnumerable<string> unsets, CancellationToken cancellationToken)
    {
        var (text, problems) = Apply(target.Text, target.Location, sets, unsets);
        if (problems.Count > 0)
        {
            // Every error at once: also check what the other settings would give.
            try { target.Check(text); }
            catch (ConfigurationException error) { problems.AddRange(error.Problems); }
            throw new ConfigurationException(problems);
        }
        return await target.SaveAsync(text, cancellationToken);
    }

    static ConfigKey? Known(string name, string option, List<ConfigProblem> problems)
    {
        if (ConfigKeys.Find(name) is { } key) return key;
        problems.Add(ConfigProblem.Error(name, $"{option} {name}: unknown key; did you mean {ConfigKeys.Closest(name).Name}? (ShowConfig lists every key)"));
        return null;
    }
}
