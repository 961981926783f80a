namespace WaveletStack.Configuration;

/// <summary>
/// <c>ShowConfig</c>'s text: every key as a <c>KEY=VALUE</c> line, sorted as the original's
/// <c>config</c> printed them, quoted so that the output can be saved and loaded back.
/// </summary>
public static class ConfigPrinter
{
    /// <param name="origin">Append, as a comment, the layer that set each value (still loadable).</param>
    /// <param name="reveal">Print secrets instead of <see cref="ConfigKeys.Mask"/>.</param>
    public static string Render(LoadedConfiguration loaded, bool origin = false, bool reveal = false)
    {
        var lines = ConfigKeys.All.OrderBy(k => k.Name, StringComparer.Ordinal).Select(key =>
        {
            var value = loaded.Configuration[key];
            var shown = key.Display(value, reveal);
            var line = shown == value ? KeyValueFile.Format(key.Name, value) : $"{key.Name}={shown}";
            return origin ? $"{line}  # {loaded.OriginOf(key)}" : line;
        });
        return string.Join("\n", lines) + "\n";
    }

    /// <summary>The catalogue as a Markdown table (README) or plain lines (--help).</summary>
    public static string Catalogue(bool markdown)
    {
        string Default(ConfigKey k) => k.Default.Length > 0 ? k.Default : "(empty)";
        string Meaning(ConfigKey k) => k.Description + (k.IsSecret ? " (secret: masked by ShowConfig)" : "");
        if (markdown)
            return "| key | default | meaning |\n|---|---|---|\n" +
                   string.Concat(ConfigKeys.All.Select(k => $"| `{k.Name}` | `{Default(k)}` | {Meaning(k)} |\n"));
        var table = new Output.Table("KEY", "DEFAULT", "MEANING");
        foreach (var key in ConfigKeys.All) table.Add(key.Name, Default(key), Meaning(key));
        return table + "\n";
    }
}
