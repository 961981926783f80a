namespace WaveletStack.Configuration;

/// <summary>
/// Where configuration files live, relative to the repository root. The original's locations
/// (<c>config/…</c>, singular and plural folder names alike) are read unchanged; new stack files go
/// to <c>stacks/</c>. Within a layer, later files win.
/// </summary>
public static class ConfigFiles
{
    public const string DefaultFile = "config/default";

    /// <summary>The key of <c>config/default</c> naming the default stack, as the original's.</summary>
    public const string DefaultStackKey = "stackName";

    public static IReadOnlyList<string> SwarmFiles(string swarm) => [$"config/swarm/{swarm}", $"config/swarms/{swarm}"];

    public static IReadOnlyList<string> StackFiles(string stack) => [$"config/stack/{stack}", $"config/stacks/{stack}", StackFile(stack)];

    /// <summary>The file SetConfig and EditConfig write for a local stack.</summary>
    public static string StackFile(string stack) => $"stacks/{stack}";

    /// <summary>The file, parsed, or null when it does not exist.</summary>
    public static KeyValueFile? Read(string repoRoot, string relativePath)
    {
        var path = Path.Combine(repoRoot, relativePath);
        return File.Exists(path) ? KeyValueFile.Parse(File.ReadAllText(path), relativePath) : null;
    }

    /// <summary>The stack's newest local file: the one SetConfig starts from (comments and order kept).</summary>
    public static (string Path, KeyValueFile File)? ReadStackFile(string repoRoot, string stack) =>
        ReadStackFile(stack, path => Read(repoRoot, path));

    /// <summary>
    /// A stack has one file: the newest of its places (<c>stacks/</c>, then the legacy
    /// <c>config/stacks/</c> and <c>config/stack/</c>). SetConfig starts its <c>stacks/</c> file from
    /// the legacy one, which it then replaces whole, so that --unset really removes a key.
    /// </summary>
    internal static (string Path, KeyValueFile File)? ReadStackFile(string stack, Func<string, KeyValueFile?> read) =>
        StackFiles(stack).Reverse().Select(p => (p, read(p))).FirstOrDefault(f => f.Item2 is not null) is ({ } p, { } f) ? (p, f) : null;
}
