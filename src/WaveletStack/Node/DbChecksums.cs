using System.Formats.Tar;
using System.Security.Cryptography;

namespace WaveletStack.Node;

/// <summary>MD5 of every database file, in the node (md5sum) and in a tar of it, to compare.</summary>
public static class DbChecksums
{
    public const string DbPath = "/data/db";

    /// <summary>relative path → md5 of each file under /data/db, as the node sees them now.</summary>
    public static async Task<SortedDictionary<string, string>> InNodeAsync(NodeContainer node, CancellationToken cancellationToken)
    {
        // A file may vanish between find and md5sum while Wavelet writes; comparisons catch that.
        var output = await ContainerExec.ShellCheckedAsync(node, $"read the database in {DbPath}",
            $"cd {DbPath} && {{ find . -type f -exec md5sum {{}} + 2>/dev/null || true; }}", cancellationToken);
        return Parse(output, "./");
    }

    /// <summary>md5sum's lines (`hash  path`) as relative path → hash, <paramref name="prefix"/> taken off each path.</summary>
    public static SortedDictionary<string, string> Parse(string output, string prefix)
    {
        var sums = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = line.Split("  ", 2);
            if (parts.Length == 2) sums[parts[1].StartsWith(prefix, StringComparison.Ordinal) ? parts[1][prefix.Length..] : parts[1]] = parts[0];
        }
        return sums;
    }

    /// <summary>relative path (below the tar's top folder) → md5 of each regular file in a tar.</summary>
    public static async Task<SortedDictionary<string, string>> InTarAsync(Stream tar, CancellationToken cancellationToken)
    {
        var sums = new SortedDictionary<string, string>(StringComparer.Ordinal);
        await using var reader = new TarReader(tar, leaveOpen: true);
        while (await reader.GetNextEntryAsync(copyData: false, cancellationToken) is { } entry)
        {
            if (entry.EntryType is not (TarEntryType.RegularFile or TarEntryType.V7RegularFile)) continue;
            var slash = entry.Name.IndexOf('/');
            if (slash < 0) continue;
            sums[entry.Name[(slash + 1)..]] = await HashAsync(entry, cancellationToken);
        }
        return sums;
    }

    /// <summary>An entry's md5; an empty file has no data stream at all.</summary>
    public static async Task<string> HashAsync(TarEntry entry, CancellationToken cancellationToken) =>
        Convert.ToHexStringLower(await MD5.HashDataAsync(entry.DataStream ?? Stream.Null, cancellationToken));

    public static bool Same(IReadOnlyDictionary<string, string> a, IReadOnlyDictionary<string, string> b) =>
        a.Count == b.Count && a.All(kv => b.TryGetValue(kv.Key, out var v) && v == kv.Value);
}
