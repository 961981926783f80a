using System.Formats.Tar;
using System.IO.Compression;
using WaveletStack.Output;

namespace WaveletStack.Node;

/// <summary>
/// `DumpDb`: a consistent copy of a node's database while Wavelet runs: the files must checksum the
/// same before and after the copy and inside it, else it is retried. Written as a gzip'd tar with
/// `manifest.json` and `db/…`, through a temporary file so a failure leaves no half dump.
/// </summary>
public static class DbDump
{
    public const int Attempts = 10;

    /// <summary>Checks the output path before anything else happens.</summary>
    public static string CheckOutput(string? output, bool force)
    {
        if (string.IsNullOrWhiteSpace(output))
            throw new UserErrorException("DumpDb needs --output <file.tar.gz>.");
        return Output.OutputFile.Check(output, force);
    }

    public static async Task<DbDumpManifest> RunAsync(NodeContainer node, string? output, bool force, CancellationToken cancellationToken)
    {
        var path = CheckOutput(output, force);
        if (!node.Id.IsWavelet) throw new UserErrorException($"DumpDb needs a Wavelet node (1…N), not '{node.Id}'.");
        var height = await WaveletLedger.HeightAsync(node, cancellationToken)
            ?? throw new UserErrorException($"{node} does not answer on /ledger; wait until it is healthy (`./build.sh Status`) and retry.");
        return await CopyAsync(node, path, height, PersistWaitTenths, cancellationToken);
    }

    /// <summary>Copies the node's database to <paramref name="path"/> with a manifest saying <paramref name="height"/>, retrying while it changes.</summary>
    /// <param name="persistWaitTenths">How long the first copy waits for a pending write (see <see cref="PersistWaitTenths"/>).</param>
    static async Task<DbDumpManifest> CopyAsync(NodeContainer node, string path, long height, int persistWaitTenths,
        CancellationToken cancellationToken)
    {
        for (var attempt = 1; attempt <= Attempts; attempt++)
        {
            var copy = await TarInNodeAsync(node, attempt == 1 ? persistWaitTenths : 0, cancellationToken);
            try
            {
                if (copy is not null && await WriteAsync(copy, height, path, cancellationToken) is { } manifest)
                {
                    Ui.EndProgress();
                    return manifest;
                }
            }
            finally
            {
                if (copy is not null) await RemoveAsync(copy);
            }
            Ui.Progress($"{node}: the database changed during the copy (attempt {attempt}/{Attempts}); retrying");
            await Task.Delay(TimeSpan.FromMilliseconds(150 * attempt), cancellationToken);
        }
        Ui.EndProgress();
        throw new UserErrorException($"{node}'s database kept changing during {Attempts} copies; retry when the stack is quieter (`./build.sh StopBenchmark`).");
    }

    /// <summary>A copy of /data/db as a tar inside the node (in its /tmp), and the checksums of the files it holds.</summary>
    public sealed record InNodeCopy(NodeContainer Node, string Path, SortedDictionary<string, string> Checksums);

    /// <summary>
    /// Tars /data/db inside the node: checksums, tar, checksums in one exec, so the window is
    /// milliseconds and a copy fits between two of Wavelet's writes. Null when files changed meanwhile
    /// (nothing is left behind then). SnapshotStack calls it with /wavelet stopped: the pause lasts
    /// only this, the slow fetch comes after /wavelet runs again.
    /// </summary>
    public static async Task<InNodeCopy?> TarInNodeAsync(NodeContainer node, int persistWaitTenths, CancellationToken cancellationToken)
    {
        var path = $"/tmp/wavelet-stack-dump-{Guid.NewGuid():N}.tar";
        var after = await SnapshotAsync(node, path, persistWaitTenths, cancellationToken);
        if (after is null) await RemoveAsync(new InNodeCopy(node, path, []));
        return after is null ? null : new InNodeCopy(node, path, after);
    }

    /// <summary>Fetches the copy and writes it as a dump at <paramref name="height"/>; null when what arrived does not match its checksums.</summary>
    public static async Task<DbDumpManifest?> WriteAsync(InNodeCopy copy, long height, string path, CancellationToken cancellationToken)
    {
        await using var archive = await SnapshotTarAsync(copy.Node, copy.Path, cancellationToken);
        var copied = await DbChecksums.InTarAsync(archive, cancellationToken);
        if (!DbChecksums.Same(copy.Checksums, copied)) return null;
        var manifest = new DbDumpManifest(DbDumpManifest.CurrentFormat, copy.Node.Stack, copy.Node.Id.ToString(), height, DateTimeOffset.UtcNow, copied);
        archive.Position = 0;
        await WriteAsync(path, manifest, archive, cancellationToken);
        return manifest;
    }

    /// <summary>Removes the copy from the node's /tmp (also after a failure or Ctrl-C).</summary>
    public static Task RemoveAsync(InNodeCopy copy) => ContainerExec.ShellAsync(copy.Node, "rm -f \"$1\"", CancellationToken.None, copy.Path);

    /// <summary>
    /// How long the first copy waits for Wavelet to write after the height was read. Wavelet (and the
    /// simulator, every second) persists behind what /ledger answers: copying at once could hold
    /// an older height than the manifest says, and a stack restored from it would wait for blocks
    /// nobody has. No write within this time means nothing was pending.
    /// </summary>
    public const int PersistWaitTenths = 20;

    const string Snapshot = """
        cd /data || exit 3
        if [ "$2" -gt 0 ]; then
          mark=$(mktemp) && i=0
          while [ $i -lt "$2" ] && [ -z "$(find db -type f -newer "$mark" 2>/dev/null | head -1)" ]; do sleep 0.1; i=$((i+1)); done
          rm -f "$mark"
        fi
        sums() { find db -type f -exec md5sum {} + 2>/dev/null | sort || true; }
        before=$(sums)
        tar -cf "$1" db 2>/dev/null
        after=$(sums)
        [ "$before" = "$after" ] && [ -n "$after" ] || { echo changed; exit 0; }
        printf '%s\n' "$after"
        """;

    /// <summary>Tars /data/db inside the node; the checksums after, or null when files changed meanwhile.</summary>
    static async Task<SortedDictionary<string, string>?> SnapshotAsync(NodeContainer node, string snapshot, int persistWaitTenths,
        CancellationToken cancellationToken)
    {
        var output = await ContainerExec.ShellCheckedAsync(node, $"copy the database in {DbChecksums.DbPath}", Snapshot, cancellationToken,
            snapshot, persistWaitTenths.ToString());
        return output.Trim() == "changed" ? null : DbChecksums.Parse(output, "db/");
    }

    /// <summary>The node's tar file, fetched (the archive API wraps it in a tar of its own).</summary>
    static async Task<Stream> SnapshotTarAsync(NodeContainer node, string snapshot, CancellationToken cancellationToken)
    {
        await using var wrapped = await NodeCopy.GetArchiveAsync(node, snapshot, cancellationToken);
        await using var reader = new TarReader(wrapped, leaveOpen: true);
        var entry = await reader.GetNextEntryAsync(copyData: false, cancellationToken)
            ?? throw new UserErrorException($"{node} returned an empty copy of its database; retry.");
        var inner = NodeCopy.TempFile();
        await entry.DataStream!.CopyToAsync(inner, cancellationToken);
        inner.Position = 0;
        return inner;
    }

    static async Task WriteAsync(string path, DbDumpManifest manifest, Stream archive, CancellationToken cancellationToken)
    {
        var temporary = path + ".partial";
        try
        {
            await using (var file = File.Create(temporary))
            await using (var gzip = new GZipStream(file, CompressionLevel.Optimal))
            await using (var writer = new TarWriter(gzip, TarEntryFormat.Pax, leaveOpen: false))
            {
                await writer.WriteEntryAsync(new PaxTarEntry(TarEntryType.RegularFile, DbDumpManifest.FileName)
                {
                    DataStream = new MemoryStream(manifest.ToJson()), Mode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead,
                    ModificationTime = manifest.Time,
                }, cancellationToken);
                await using var reader = new TarReader(archive, leaveOpen: true);
                while (await reader.GetNextEntryAsync(copyData: false, cancellationToken) is { } entry)
                {
                    // The engine names the top folder after the path it archived ("db"); keep that name fixed.
                    var slash = entry.Name.IndexOf('/');
                    var rest = slash < 0 ? "" : entry.Name[(slash + 1)..];
                    await writer.WriteEntryAsync(CopyOf(entry, rest.Length == 0 ? DbDumpManifest.DbFolder + "/" : $"{DbDumpManifest.DbFolder}/{rest}"), cancellationToken);
                }
            }
            File.Move(temporary, path, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    static PaxTarEntry CopyOf(TarEntry entry, string name)
    {
        var copy = new PaxTarEntry(entry.EntryType, name) { Mode = entry.Mode, ModificationTime = entry.ModificationTime };
        if (entry.EntryType is TarEntryType.SymbolicLink or TarEntryType.HardLink) copy.LinkName = entry.LinkName;
        else if (entry.DataStream is not null) copy.DataStream = entry.DataStream;
        return copy;
    }
}
