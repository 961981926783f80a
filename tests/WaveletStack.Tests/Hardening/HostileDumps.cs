using System.Formats.Tar;
using System.IO.Compression;
using System.Security.Cryptography;
using WaveletStack.Node;

namespace WaveletStack.Tests.Hardening;

/// <summary>DumpDb-shaped files, whole and damaged on purpose, written to a folder.</summary>
public static class HostileDumps
{
    static readonly byte[] Database = "wavelet database bytes"u8.ToArray();

    static byte[] Dump(string format = DbDumpManifest.CurrentFormat, params TarEntry[] extra)
    {
        var manifest = new DbDumpManifest(format, "wst-t13-src", "1", 5, DateTimeOffset.UnixEpoch,
            new Dictionary<string, string> { ["MANIFEST"] = Convert.ToHexStringLower(MD5.HashData(Database)) });
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true))
        using (var tar = new TarWriter(gzip, TarEntryFormat.Pax))
        {
            tar.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, DbDumpManifest.FileName) { DataStream = new MemoryStream(manifest.ToJson()) });
            tar.WriteEntry(new PaxTarEntry(TarEntryType.Directory, "db/"));
            tar.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, "db/MANIFEST") { DataStream = new MemoryStream(Database) });
            foreach (var entry in extra) tar.WriteEntry(entry);
        }
        return buffer.ToArray();
    }

    static PaxTarEntry File(string name) => new(TarEntryType.RegularFile, name) { DataStream = new MemoryStream("evil"u8.ToArray()) };

    /// <summary>A whole dump, which RestoreDb accepts.</summary>
    public static string WriteValid(string folder)
    {
        var path = Path.Combine(folder, "valid.tar.gz");
        System.IO.File.WriteAllBytes(path, Dump());
        return path;
    }

    /// <summary>Each damaged dump: its name, its path, and what the refusal must say.</summary>
    public static IReadOnlyList<(string Name, string Path, string Says)> WriteHostile(string folder)
    {
        var whole = Dump();
        var damaged = Dump();
        var cases = new List<(string, byte[], string)>
        {
            ("truncated", whole[..(whole.Length / 2)], "is not a gzip'd tar made by DumpDb"),
            ("not-gzip", "just some text\n"u8.ToArray(), "is not a gzip'd tar made by DumpDb"),
            ("dot-dot", Dump(extra: File("db/../../etc/wst-t13-evil")), "which climbs with '..'"),
            ("absolute", Dump(extra: File("/etc/wst-t13-evil")), "which has an absolute path"),
            ("symlink-escape", Dump(extra: new PaxTarEntry(TarEntryType.SymbolicLink, "db/escape") { LinkName = "/etc" }), "which is a SymbolicLink"),
            ("hardlink", Dump(extra: new PaxTarEntry(TarEntryType.HardLink, "db/passwd") { LinkName = "/etc/passwd" }), "which is a HardLink"),
            ("outside-db", Dump(extra: File("bin/wavelet")), "which is outside db/"),
            ("wrong-manifest", Dump(format: "someone-elses-dump/7"), $"holds no {DbDumpManifest.FileName} of format {DbDumpManifest.CurrentFormat}"),
            ("no-manifest", NoManifest(), $"holds no {DbDumpManifest.FileName} of format"),
        };
        // The same size, one byte of the database changed: only the checksums tell.
        damaged[^30] ^= 0x55;
        cases.Add(("bit-flip", damaged, ""));
        return cases.Select(c =>
        {
            var path = Path.Combine(folder, c.Item1 + ".tar.gz");
            System.IO.File.WriteAllBytes(path, c.Item2);
            return (c.Item1, path, c.Item3);
        }).ToList();
    }

    static byte[] NoManifest()
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true))
        using (var tar = new TarWriter(gzip, TarEntryFormat.Pax))
            tar.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, "db/MANIFEST") { DataStream = new MemoryStream(Database) });
        return buffer.ToArray();
    }
}
