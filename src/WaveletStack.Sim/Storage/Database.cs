using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using WaveletStack.Sim.Api;
using WaveletStack.Sim.Ledger;

namespace WaveletStack.Sim.Storage;

/// <summary>
/// The `--db` directory, laid out like LevelDB (`CURRENT`, `LOCK`, `LOG`, `MANIFEST-000000`,
/// `000001.log`, later `000002.ldb`) so tools that look at a real node's database see the same
/// files. The state lives in the `.ldb` snapshot, replaced whole by write-to-temp + rename: the
/// directory only ever holds complete files, so a copy taken while it does not change is consistent.
/// </summary>
internal sealed class Database : IDisposable
{
    const string SnapshotFile = "000002.ldb";
    const string TempSuffix = ".tmp";

    readonly string directory;
    readonly FileStream lockFile;

    Database(string directory, FileStream lockFile)
    {
        this.directory = directory;
        this.lockFile = lockFile;
    }

    /// <summary>Opens (creating when needed) and locks the directory, as LevelDB does.</summary>
    public static Database Open(string directory)
    {
        Directory.CreateDirectory(directory);
        var lockFile = new FileStream(Path.Combine(directory, "LOCK"), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.ReadWrite);
        // A POSIX record lock, as LevelDB takes: it keeps a second node off this directory but,
        // unlike .NET's FileShare.None (flock), does not stop backups from reading the files.
        if (OperatingSystem.IsLinux() && LockF(lockFile.SafeFileHandle.DangerousGetHandle().ToInt32(), TryLock, 0) != 0)
        {
            lockFile.Dispose();
            throw new IOException($"database {directory} is in use by another process (its LOCK is held)");
        }

        CreateIfMissing(directory, "CURRENT", "MANIFEST-000000\n");
        CreateIfMissing(directory, "MANIFEST-000000", "wavelet-sim manifest: state in " + SnapshotFile + "\n");
        CreateIfMissing(directory, "000001.log", "");
        File.AppendAllText(Path.Combine(directory, "LOG"), $"{DateTime.UtcNow:yyyy/MM/dd-HH:mm:ss.ffffff} wavelet-sim: database opened\n");
        return new Database(directory, lockFile);
    }

    /// <summary>The stored state, or null for a fresh database.</summary>
    public LedgerState? Load()
    {
        var path = Path.Combine(directory, SnapshotFile);
        if (!File.Exists(path)) return null;
        using var stream = File.OpenRead(path);
        return JsonSerializer.Deserialize(stream, SimJson.Default.LedgerState)
               ?? throw new InvalidDataException($"database snapshot {path} is empty");
    }

    public void Save(LedgerState state)
    {
        var path = Path.Combine(directory, SnapshotFile);
        var temp = path + TempSuffix;
        using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            JsonSerializer.Serialize(stream, state, SimJson.Default.LedgerState);
            stream.Flush(flushToDisk: true);
        }
        File.Move(temp, path, overwrite: true);
    }

    public void Dispose() => lockFile.Dispose();

    const int TryLock = 2; // F_TLOCK

    [DllImport("libc", EntryPoint = "lockf", SetLastError = true)]
    static extern int LockF(int fd, int command, long length);

    static void CreateIfMissing(string directory, string name, string content)
    {
        var path = Path.Combine(directory, name);
        if (!File.Exists(path)) File.WriteAllText(path, content, Encoding.ASCII);
    }
}
