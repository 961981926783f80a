using System.Formats.Tar;
using System.IO.Compression;
using WaveletStack.Agent.Node;

namespace WaveletStack.Agent.Tests.Node;

public class BackupsTests
{
    [Fact]
    public async Task Take_WritesATarballOfTheDatabase()
    {
        using var temp = new TempRoot();
        Directory.CreateDirectory(temp.Paths.Database);
        File.WriteAllText(Path.Combine(temp.Paths.Database, "CURRENT"), "MANIFEST-000001");
        var backups = new Backups(temp.Paths, TimeSpan.FromMinutes(30));

        var file = await backups.TakeAsync(new DateTime(2026, 11, 25, 17, 30, 0, DateTimeKind.Utc), CancellationToken.None);

        Assert.Equal(Path.Combine(temp.Paths.Backups, "backup-20261125-173000.tar.gz"), file);
        await using var gzip = new GZipStream(File.OpenRead(file!), CompressionMode.Decompress);
        using var tar = new TarReader(gzip);
        var entry = tar.GetNextEntry();
        Assert.Equal("CURRENT", entry!.Name);
    }

    [Fact]
    public void Checksum_ChangesWhenAFileChanges()
    {
        using var temp = new TempRoot();
        Directory.CreateDirectory(temp.Paths.Database);
        var file = Path.Combine(temp.Paths.Database, "000001.log");
        File.WriteAllText(file, "a");
        var before = Backups.Checksum(temp.Paths.Database);

        File.WriteAllText(file, "b");

        Assert.NotEqual(before, Backups.Checksum(temp.Paths.Database));
    }

    [Fact]
    public void Prune_RemovesBackupsOlderThanTwoDaysOnly()
    {
        using var temp = new TempRoot();
        Directory.CreateDirectory(temp.Paths.Backups);
        var old = Path.Combine(temp.Paths.Backups, "backup-old.tar.gz");
        var recent = Path.Combine(temp.Paths.Backups, "backup-recent.tar.gz");
        File.WriteAllText(old, "");
        File.WriteAllText(recent, "");
        var now = DateTime.UtcNow;
        File.SetLastWriteTimeUtc(old, now - TimeSpan.FromDays(2.1));
        File.SetLastWriteTimeUtc(recent, now - TimeSpan.FromDays(1.9));

        new Backups(temp.Paths, TimeSpan.FromMinutes(30)).Prune(now);

        Assert.False(File.Exists(old));
        Assert.True(File.Exists(recent));
    }
}
