using WaveletStack.Agent.Node;

namespace WaveletStack.Agent.Tests.Node;

public class DataVolumeTests
{
    [Fact]
    public void Prepare_OnAnEmptyVolume_MakesTheDatabaseFolderAndTheDbLink()
    {
        using var temp = new TempRoot();

        new DataVolume(temp.Paths).Prepare();

        Assert.True(Directory.Exists(temp.Paths.Database));
        Assert.Equal(temp.Paths.Database, new DirectoryInfo(temp.Paths.DatabaseLink).LinkTarget);
    }

    [Fact]
    public void Prepare_OnTheOldLayout_MovesTheDatabaseFilesIntoDataDb()
    {
        using var temp = new TempRoot();
        Directory.CreateDirectory(temp.Paths.Data);
        foreach (var name in new[] { "CURRENT", "LOCK", "MANIFEST-000000", "000001.log" })
            File.WriteAllText(Path.Combine(temp.Paths.Data, name), name);
        Directory.CreateDirectory(temp.Paths.Backups);

        new DataVolume(temp.Paths).Prepare();

        Assert.Equal("CURRENT", File.ReadAllText(Path.Combine(temp.Paths.Database, "CURRENT")));
        Assert.True(File.Exists(Path.Combine(temp.Paths.Database, "000001.log")));
        Assert.False(File.Exists(Path.Combine(temp.Paths.Data, "CURRENT")));
        Assert.True(Directory.Exists(temp.Paths.Backups)); // the agent's own folders stay where they are
        Assert.True(File.Exists(Path.Combine(temp.Paths.DatabaseLink, "LOCK")));
    }

    [Fact]
    public void Prepare_Twice_KeepsTheDatabase()
    {
        using var temp = new TempRoot();
        var volume = new DataVolume(temp.Paths);
        volume.Prepare();
        File.WriteAllText(Path.Combine(temp.Paths.Database, "CURRENT"), "x");

        volume.Prepare();

        Assert.Equal("x", File.ReadAllText(Path.Combine(temp.Paths.Database, "CURRENT")));
    }

    [Fact]
    public void Quarantine_MovesTheDatabaseToBrokenAndLeavesAnEmptyOne()
    {
        using var temp = new TempRoot();
        var volume = new DataVolume(temp.Paths);
        volume.Prepare();
        File.WriteAllText(Path.Combine(temp.Paths.Database, "CURRENT"), "bad");

        var moved = volume.Quarantine(new DateTime(2026, 11, 25, 17, 0, 0, DateTimeKind.Utc));

        Assert.Equal(Path.Combine(temp.Paths.Broken, "20261125-170000", "db"), moved);
        Assert.Equal("bad", File.ReadAllText(Path.Combine(moved, "CURRENT")));
        Assert.Empty(Directory.EnumerateFileSystemEntries(temp.Paths.Database));
    }
}
