using System.Formats.Tar;
using System.IO.Compression;
using System.Security.Cryptography;
using WaveletStack.Agent.Settings;

namespace WaveletStack.Agent.Node;

/// <summary>
/// WAVELET_BACKUP_DB: every interval a copy of the live database as
/// /data/backups/backup-&lt;time&gt;.tar.gz. The node keeps writing while it is copied, so a copy
/// counts only when the database's checksum is the same before and after it; backups older than
/// two days are pruned.
/// </summary>
public sealed class Backups(AgentPaths paths, TimeSpan interval)
{
    public static readonly TimeSpan Keep = TimeSpan.FromDays(2);
    const int Attempts = 5;

    public async Task RunAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            await Task.Delay(interval, ct).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            if (ct.IsCancellationRequested) return;
            try
            {
                var file = await TakeAsync(DateTime.UtcNow, ct);
                Log.Info(file is null ? $"backup skipped: the database kept changing during {Attempts} copies" : $"backup written: {file}");
                Prune(DateTime.UtcNow);
            }
            catch (Exception e) when (!ct.IsCancellationRequested) { Log.Warn($"backup failed: {e.Message}"); }
        }
    }

    /// <summary>A consistent copy as a tarball, or null when the database never held still.</summary>
    public async Task<string?> TakeAsync(DateTime now, CancellationToken ct)
    {
        Directory.CreateDirectory(paths.Backups);
        for (var attempt = 1; attempt <= Attempts; attempt++)
        {
            var staging = Path.Combine(paths.Backups, $".staging-{Environment.ProcessId}");
            if (Directory.Exists(staging)) Directory.Delete(staging, true);
            try
            {
                var before = Checksum(paths.Database);
                Copy(paths.Database, staging);
                if (Checksum(paths.Database) == before && Checksum(staging) == before)
                {
                    var file = Path.Combine(paths.Backups, $"backup-{now:yyyyMMdd-HHmmss}.tar.gz");
                    await WriteTarballAsync(staging, file, ct);
                    return file;
                }
            }
            finally { if (Directory.Exists(staging)) Directory.Delete(staging, true); }
            await Task.Delay(Retry.Backoff(attempt, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(4)), ct);
        }
        return null;
    }

    public void Prune(DateTime now)
    {
        if (!Directory.Exists(paths.Backups)) return;
        foreach (var file in Directory.EnumerateFiles(paths.Backups, "backup-*.tar.gz"))
            if (now - File.GetLastWriteTimeUtc(file) > Keep) File.Delete(file);
    }

    /// <summary>SHA-256 over every file's relative name and content, in name order.</summary>
    public static string Checksum(string folder)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var file in Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            hash.AppendData(System.Text.Encoding.UTF8.GetBytes(Path.GetRelativePath(folder, file) + "\0"));
            using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            var buffer = new byte[81920];
            int read;
            while ((read = stream.Read(buffer)) > 0) hash.AppendData(buffer, 0, read);
        }
        return Convert.ToHexString(hash.GetHashAndReset());
    }

    static void Copy(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            using var source = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var copy = File.Create(target);
            source.CopyTo(copy);
        }
    }

    static async Task WriteTarballAsync(string folder, string file, CancellationToken ct)
    {
        var partial = file + ".partial";
        await using (var output = File.Create(partial))
        await using (var gzip = new GZipStream(output, CompressionLevel.Optimal))
            await TarFile.CreateFromDirectoryAsync(folder, gzip, includeBaseDirectory: false, ct);
        File.Move(partial, file, overwrite: true);
    }
}
