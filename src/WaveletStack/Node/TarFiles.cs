using System.Formats.Tar;

namespace WaveletStack.Node;

/// <summary>Local files and folders to and from tar streams, as the engine's archive API speaks them.</summary>
public static class TarFiles
{
    /// <summary>Adds a file or a folder (recursively) under <paramref name="name"/>.</summary>
    public static async Task AddAsync(TarWriter writer, string path, string name, CancellationToken cancellationToken)
    {
        await writer.WriteEntryAsync(path, name, cancellationToken);
        if (!Directory.Exists(path) || File.GetAttributes(path).HasFlag(FileAttributes.ReparsePoint)) return;
        foreach (var child in Directory.EnumerateFileSystemEntries(path).Order(StringComparer.Ordinal))
            await AddAsync(writer, child, $"{name}/{Path.GetFileName(child)}", cancellationToken);
    }

    /// <summary>
    /// Extracts a tar stream into <paramref name="folder"/>; the archive's top entry is renamed to
    /// <paramref name="topName"/> when given. Entries escaping the folder are refused.
    /// </summary>
    public static async Task<int> ExtractAsync(Stream tar, string folder, string? topName, CancellationToken cancellationToken)
    {
        var root = Path.GetFullPath(folder);
        await using var reader = new TarReader(tar, leaveOpen: true);
        var count = 0;
        while (await reader.GetNextEntryAsync(copyData: false, cancellationToken) is { } entry)
        {
            var parts = entry.Name.Split('/', StringSplitOptions.RemoveEmptyEntries).Where(p => p != ".").ToArray();
            if (parts.Length == 0) continue;
            if (topName is not null) parts[0] = topName;
            var target = Path.GetFullPath(Path.Combine(root, Path.Combine(parts)));
            if (!target.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
                throw new UserErrorException($"The archive entry '{entry.Name}' would land outside {folder}; refused.");
            switch (entry.EntryType)
            {
                case TarEntryType.Directory:
                    Directory.CreateDirectory(target);
                    break;
                case TarEntryType.SymbolicLink:
                    Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                    if (File.Exists(target) || Directory.Exists(target)) File.Delete(target);
                    File.CreateSymbolicLink(target, entry.LinkName);
                    break;
                case TarEntryType.RegularFile or TarEntryType.V7RegularFile or TarEntryType.ContiguousFile:
                    Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                    await entry.ExtractToFileAsync(target, overwrite: true, cancellationToken);
                    break;
                default:
                    continue; // devices, fifos, hard links: not part of what users copy
            }
            count++;
        }
        return count;
    }
}
