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
    /// <paramref name="topName"/> when given. The archive comes from a container, which may be
    /// anyone's: an absolute name, a <c>..</c>, or a link pointing outside the folder is refused
    /// before anything is written (the archive is read whole first), and nothing is ever written
    /// through a link that leads outside it (one already in the folder included).
    /// </summary>
    public static async Task<int> ExtractAsync(Stream tar, string folder, string? topName, CancellationToken cancellationToken)
    {
        var root = Path.GetFullPath(folder);
        await using var copy = new FileStream(Path.GetTempFileName(), FileMode.Open, FileAccess.ReadWrite, FileShare.None, 81920, FileOptions.DeleteOnClose);
        await tar.CopyToAsync(copy, cancellationToken);

        copy.Position = 0;
        await ForEachAsync(copy, entry => { TargetOf(entry, root, folder, topName); return Task.CompletedTask; }, cancellationToken);
        copy.Position = 0;
        var count = 0;
        await ForEachAsync(copy, async entry =>
        {
            if (TargetOf(entry, root, folder, topName) is not { } target) return;
            RefuseWritingThroughOutsideLinks(entry, target, root, folder);
            switch (entry.EntryType)
            {
                case TarEntryType.Directory:
                    Directory.CreateDirectory(target);
                    break;
                case TarEntryType.SymbolicLink:
                    Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                    if (File.Exists(target) || Directory.Exists(target) || IsLink(target)) File.Delete(target);
                    File.CreateSymbolicLink(target, entry.LinkName);
                    break;
                case TarEntryType.RegularFile or TarEntryType.V7RegularFile or TarEntryType.ContiguousFile:
                    Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                    if (IsLink(target)) File.Delete(target); // replaced, never written through
                    await entry.ExtractToFileAsync(target, overwrite: true, cancellationToken);
                    break;
                default:
                    return; // devices, fifos, hard links: not part of what users copy
            }
            count++;
        }, cancellationToken);
        return count;
    }

    static async Task ForEachAsync(Stream tar, Func<TarEntry, Task> action, CancellationToken cancellationToken)
    {
        await using var reader = new TarReader(tar, leaveOpen: true);
        while (await reader.GetNextEntryAsync(copyData: false, cancellationToken) is { } entry) await action(entry);
    }

    /// <summary>Where an entry lands, or null for the archive's "." entry; throws for a name or link leading outside.</summary>
    static string? TargetOf(TarEntry entry, string root, string folder, string? topName)
    {
        if (entry.Name.StartsWith('/') || Path.IsPathRooted(entry.Name))
            throw new UserErrorException($"The archive entry '{entry.Name}' has an absolute path; refused, nothing was written to {folder}.");
        var parts = entry.Name.Split('/', StringSplitOptions.RemoveEmptyEntries).Where(p => p != ".").ToArray();
        if (parts.Contains(".."))
            throw new UserErrorException($"The archive entry '{entry.Name}' climbs with '..'; refused, nothing was written to {folder}.");
        if (parts.Length == 0) return null;
        if (topName is not null) parts[0] = topName;
        var target = Path.GetFullPath(Path.Combine(root, Path.Combine(parts)));
        if (!IsInside(root, target))
            throw new UserErrorException($"The archive entry '{entry.Name}' would land outside {folder}; refused, nothing was written.");
        if (entry.EntryType is TarEntryType.SymbolicLink or TarEntryType.HardLink)
        {
            var link = entry.LinkName;
            var points = entry.EntryType == TarEntryType.HardLink ? Path.Combine(root, link) : Path.Combine(Path.GetDirectoryName(target)!, link);
            var resolved = Path.GetFullPath(points);
            if (Path.IsPathRooted(link) || !(IsInside(root, resolved) || resolved == Path.TrimEndingDirectorySeparator(root)))
                throw new UserErrorException($"The archive's link '{entry.Name}' points to '{link}', outside {folder}; refused, nothing was written.");
        }
        return target;
    }

    // The archive's own links are each inside, yet a chain of them can lead out (b → ".", a → "b/..");
    // so the real path of what already exists above the entry is checked, as the kernel will follow it.
    static void RefuseWritingThroughOutsideLinks(TarEntry entry, string target, string root, string folder)
    {
        var realRoot = RealPath(root);
        for (var above = Path.GetDirectoryName(target); above is not null && IsInside(root, above) || above == root; above = Path.GetDirectoryName(above))
        {
            if (!Directory.Exists(above) && !IsLink(above)) continue;
            if (RealPath(above) is var real && real != realRoot && !IsInside(realRoot, real))
                throw new UserErrorException($"The archive entry '{entry.Name}' would be written through a link leading outside {folder}; refused.");
            return;
        }
    }

    static bool IsInside(string root, string path) => path.StartsWith(Path.TrimEndingDirectorySeparator(root) + Path.DirectorySeparatorChar, StringComparison.Ordinal);

    static bool IsLink(string path) => new FileInfo(path).LinkTarget is not null;

    /// <summary>The path with every link resolved, as the kernel sees it (a dangling link: the path itself).</summary>
    static string RealPath(string path)
    {
        if (OperatingSystem.IsWindows()) return Path.GetFullPath(path);
        var resolved = realpath(path, IntPtr.Zero);
        if (resolved == IntPtr.Zero) return Path.GetFullPath(path);
        try { return System.Runtime.InteropServices.Marshal.PtrToStringUTF8(resolved)!; }
        finally { free(resolved); }
    }

    [System.Runtime.InteropServices.DllImport("libc", SetLastError = true)] static extern IntPtr realpath(string path, IntPtr resolved);
    [System.Runtime.InteropServices.DllImport("libc")] static extern void free(IntPtr pointer);
}
