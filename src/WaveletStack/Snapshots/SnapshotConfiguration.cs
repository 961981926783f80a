using WaveletStack.Configuration;
using WaveletStack.Node;

namespace WaveletStack.Snapshots;

/// <summary>
/// What a snapshot keeps of the stack's configuration: every effective value that differs from
/// its key's default (so a restore on another machine, without this one's config/ layers, gets
/// the same network), plus WAVELET_NODES and WAVELET_TAG always (a restore checks the node count
/// against them). Left out as DuplicateStack leaves them: fixed ports (they would clash) and SWARM
/// (the new name picks its swarm); and the secrets unless asked for.
/// </summary>
public static class SnapshotConfiguration
{
    static readonly string[] AlwaysKept = [ConfigKeys.Nodes.Name, ConfigKeys.Tag.Name];

    public static SortedDictionary<string, string> From(StackConfiguration configuration, bool includeSecrets) =>
        new(ConfigKeys.All
            .Where(k => !StackDuplicator.NotCopied.Contains(k.Name) && (includeSecrets || !k.IsSecret))
            .Where(k => AlwaysKept.Contains(k.Name) || configuration[k] != k.Default)
            .ToDictionary(k => k.Name, k => configuration[k]), StringComparer.Ordinal);

    /// <summary>The secrets the stack has set that <see cref="From"/> leaves out without --include-secrets.</summary>
    public static IReadOnlyList<string> LeftOutSecrets(StackConfiguration configuration, bool includeSecrets) =>
        includeSecrets ? [] : ConfigKeys.All.Where(k => k.IsSecret && configuration[k].Length > 0).Select(k => k.Name).ToList();

    /// <summary>The restored stack's file text: the kept settings, one per line, under a comment saying where they came from.</summary>
    public static string FileText(SnapshotManifest manifest, string input)
    {
        var file = manifest.Configuration.Aggregate(KeyValueFile.Empty, (f, setting) => f.With(setting.Key, setting.Value));
        return $"# Restored by RestoreStack from {Path.GetFileName(input)}: a snapshot of {manifest.Stack} taken {manifest.Time:u} (fixed ports left out).\n{file}";
    }
}
