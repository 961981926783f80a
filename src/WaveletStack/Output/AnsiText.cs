using System.Text.RegularExpressions;

namespace WaveletStack.Output;

/// <summary>
/// The real node and its benchmark colour their log lines with ANSI codes even when writing to a
/// pipe (the benchmark has no flag to stop it), so container logs we parse or show carry them.
/// </summary>
public static partial class AnsiText
{
    /// <summary>The text without SGR sequences (ESC [ … m).</summary>
    public static string Strip(string text) => Sgr().Replace(text, "");

    [GeneratedRegex(@"\u001b\[[0-9;]*m")] private static partial Regex Sgr();
}
