using WaveletStack.Agent.Settings;

namespace WaveletStack.Agent.Node;

/// <summary>
/// The node's volume at /data: the database in /data/db, /db pointing to it (users' habits and
/// the original's restore steps use /db), and the original's old layout (database files directly
/// in /data) moved into /data/db on first start.
/// </summary>
public sealed class DataVolume(AgentPaths paths)
{
    static readonly HashSet<string> OwnFolders = ["db", "broken", "backups", "certs", "lost+found", RestMarker.Folder];

    public void Prepare()
    {
        Directory.CreateDirectory(paths.Data);
        if (!Directory.Exists(paths.Database) && HoldsOldLayout()) MigrateOldLayout();
        Directory.CreateDirectory(paths.Database);
        try { LinkDb(); }
        catch (IOException e) { Log.Warn($"could not point {paths.DatabaseLink} to {paths.Database} ({e.Message}); the volume belongs at {paths.Data}"); }
    }

    bool HoldsOldLayout() => File.Exists(Path.Combine(paths.Data, "CURRENT"))
        || Directory.EnumerateFiles(paths.Data, "MANIFEST-*").Any();

    void MigrateOldLayout()
    {
        var staging = Path.Combine(paths.Data, ".db-migrating");
        Directory.CreateDirectory(staging);
        foreach (var entry in Directory.EnumerateFileSystemEntries(paths.Data))
        {
            var name = Path.GetFileName(entry);
            if (OwnFolders.Contains(name) || entry == staging) continue;
            Directory.Move(entry, Path.Combine(staging, name)); // also moves files
        }
        Directory.Move(staging, paths.Database);
        Log.Info($"moved the database found directly in {paths.Data} (the old layout) into {paths.Database}");
    }

    void LinkDb()
    {
        var link = new FileInfo(paths.DatabaseLink);
        if (link.LinkTarget == paths.Database) return;
        if (link.LinkTarget is not null) link.Delete();
        else if (Directory.Exists(paths.DatabaseLink))
        {
            if (Directory.EnumerateFileSystemEntries(paths.DatabaseLink).Any())
            {
                Log.Warn($"{paths.DatabaseLink} is a folder with files, not a link to {paths.Database}; leaving it as it is");
                return;
            }
            Directory.Delete(paths.DatabaseLink);
        }
        Directory.CreateSymbolicLink(paths.DatabaseLink, paths.Database);
    }

    /// <summary>Moves the database aside to /data/broken/&lt;time&gt;/db and leaves an empty one, so the node starts clean.</summary>
    public string Quarantine(DateTime now)
    {
        var folder = Path.Combine(paths.Broken, now.ToString("yyyyMMdd-HHmmss"));
        Directory.CreateDirectory(folder);
        var moved = Path.Combine(folder, "db");
        if (Directory.Exists(paths.Database)) Directory.Move(paths.Database, moved);
        Directory.CreateDirectory(paths.Database);
        return moved;
    }
}
