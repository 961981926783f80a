using System.Formats.Tar;
using System.IO.Compression;

namespace WaveletStack.Node;

/// <summary>
/// A dump made by DumpDb, proven whole before a restore touches any node: gzip, tar, a manifest
/// of our format, at least one database file, and every file matching its checksum.
/// </summary>
public static class DbDumpFile
{
    public static async Task<DbDumpManifest> ValidateAsync(string? input, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(input)) throw new UserErrorException("RestoreDb needs --input <file.tar.gz> (made by DumpDb).");
        if (!File.Exists(input)) throw new UserErrorException($"'{input}' does not exist; give the path of a dump made by DumpDb.");
        DbDumpManifest? manifest = null;
        var sums = new Dictionary<string, string>(StringComparer.Ordinal);
        try
        {
            await using var file = File.OpenRead(input);
            await using var gzip = new GZipStream(file, CompressionMode.Decompress);
            await using var reader = new TarReader(gzip);
            while (await reader.GetNextEntryAsync(copyData: false, cancellationToken) is { } entry)
            {
                RefuseUnsafe(input, entry);
                if (entry.Name == DbDumpManifest.FileName && entry.DataStream is not null)
                    manifest = DbDumpManifest.FromJson(entry.DataStream);
                else if (entry.Name.StartsWith(DbDumpManifest.DbFolder + "/", StringComparison.Ordinal)
                         && entry.EntryType is TarEntryType.RegularFile or TarEntryType.V7RegularFile)
                    sums[entry.Name[(DbDumpManifest.DbFolder.Length + 1)..]] = await DbChecksums.HashAsync(entry, cancellationToken);
            }
        }
        catch (Exception e) when (e is InvalidDataException or FormatException or EndOfStreamException)
        {
            throw new UserErrorException($"'{input}' is not a gzip'd tar made by DumpDb ({e.Message.TrimEnd('.')}); nothing was changed.", e);
        }
        if (manifest?.Format != DbDumpManifest.CurrentFormat)
            throw new UserErrorException($"'{input}' holds no {DbDumpManifest.FileName} of format {DbDumpManifest.CurrentFormat}, so it is not a DumpDb dump; nothing was changed.");
        if (sums.Count == 0 || manifest.Files.Count == 0)
            throw new UserErrorException($"'{input}' holds no database files; nothing was changed.");
        if (!DbChecksums.Same(manifest.Files, sums))
            throw new UserErrorException($"'{input}' is damaged: its files do not match the checksums in its manifest; nothing was changed.");
        return manifest;
    }

    /// <summary>
    /// A dump is unpacked into a node's /data: DumpDb only ever writes the manifest and plain
    /// files and folders under db/, so anything else (an absolute path, '..', a link, a device)
    /// did not come from DumpDb and is refused before any node is touched.
    /// </summary>
    static void RefuseUnsafe(string input, TarEntry entry)
    {
        var name = entry.Name;
        var parts = name.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var problem = name.StartsWith('/') ? "has an absolute path"
            : parts.Contains("..") ? "climbs with '..'"
            : entry.EntryType is not (TarEntryType.RegularFile or TarEntryType.V7RegularFile or TarEntryType.Directory) ? $"is a {entry.EntryType} (a dump holds only files and folders)"
            : name != DbDumpManifest.FileName && parts.FirstOrDefault() != DbDumpManifest.DbFolder ? $"is outside {DbDumpManifest.DbFolder}/"
            : null;
        if (problem is not null)
            throw new UserErrorException($"'{input}' holds the entry '{name}', which {problem}, so it is not a dump made by DumpDb; nothing was changed.");
    }

    /// <summary>The dump's `db/…` entries as a plain tar (temporary file) to PUT under /data.</summary>
    public static async Task<Stream> DatabaseTarAsync(string input, CancellationToken cancellationToken)
    {
        var tar = NodeCopy.TempFile();
        await using (var file = File.OpenRead(input))
        await using (var gzip = new GZipStream(file, CompressionMode.Decompress))
        await using (var reader = new TarReader(gzip))
        await using (var writer = new TarWriter(tar, TarEntryFormat.Pax, leaveOpen: true))
        {
            while (await reader.GetNextEntryAsync(copyData: false, cancellationToken) is { } entry)
                if (entry.Name.StartsWith(DbDumpManifest.DbFolder + "/", StringComparison.Ordinal))
                    await writer.WriteEntryAsync(entry, cancellationToken);
        }
        tar.Position = 0;
        return tar;
    }
}
