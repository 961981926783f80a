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
        var output = await ContainerExec.ShellCheckedAsync(node, $"read the database in {DbPath}",
            $"cd {DbPath} && find . -type f -exec md5sum {{}} +", cancellationToken);
        var sums = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = line.Split("  ", 2);
            if (parts.Length == 2) sums[parts[1].TrimStart('.', '/')] = parts[0];
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
            if (entry.EntryType is not (TarEntryType.RegularFile or TarEntryType.V7RegularFile) || entry.DataStream is null) continue;
            var slash = entry.Name.IndexOf('/');
            if (slash < 0) continue;
            sums[entry.Name[(slash + 1)..]] = Convert.ToHexStringLower(await MD5.HashDataAsync(entry.DataStream, cancellationToken));
        }
        return sums;
    }

    public static bool Same(IReadOnlyDictionary<string, string> a, IReadOnlyDictionary<string, string> b) =>
        a.Count == b.Count && a.All(kv => b.TryGetValue(kv.Key, out var v) && v == kv.Value);
}
