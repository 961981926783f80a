using System.Formats.Tar;
using WaveletStack.Node;
using Xunit;

namespace WaveletStack.Tests.Node;

/// <summary>
/// Archives from a container are anyone's: absolute names, '..', links out of the destination and
/// writes through such links are refused, with nothing written, on the real file system.
/// </summary>
public sealed class TarFilesTests : IDisposable
{
    readonly string sandbox = Directory.CreateTempSubdirectory("wst-t13-tar-").FullName;
    string Destination => Path.Combine(sandbox, "dest");
    string Outside => Path.Combine(sandbox, "outside");

    public TarFilesTests()
    {
        Directory.CreateDirectory(Destination);
        Directory.CreateDirectory(Outside);
    }

    public void Dispose() => Directory.Delete(sandbox, recursive: true);

    static MemoryStream Archive(params TarEntry[] entries)
    {
        var stream = new MemoryStream();
        using (var writer = new TarWriter(stream, TarEntryFormat.Pax, leaveOpen: true))
            foreach (var entry in entries) writer.WriteEntry(entry);
        stream.Position = 0;
        return stream;
    }

    static PaxTarEntry File(string name, string text = "x") =>
        new(TarEntryType.RegularFile, name) { DataStream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(text)) };

    static PaxTarEntry Link(string name, string target) => new(TarEntryType.SymbolicLink, name) { LinkName = target };

    static PaxTarEntry Folder(string name) => new(TarEntryType.Directory, name);

    public static TheoryData<string, Func<string, TarEntry[]>, string> Hostile => new()
    {
        { "absolute path", _ => [File("ok.txt"), File("/etc/wst-t13-evil")], "has an absolute path" },
        { "dot-dot", _ => [File("ok.txt"), File("sub/../../outside/evil")], "climbs with '..'" },
        { "absolute link", _ => [File("ok.txt"), Link("escape", "/etc")], "points to '/etc', outside" },
        { "climbing link", _ => [File("ok.txt"), Link("escape", "../outside")], "points to '../outside', outside" },
        { "write through a link", outside => [File("ok.txt"), Link("escape", "../outside"), File("escape/evil")], "outside" },
        { "chain of inside links", _ => [Folder("b"), Link("b/self", ".."), Link("a", "b/self/.."), File("a/evil")], "" },
    };

    [Theory]
    [MemberData(nameof(Hostile))]
    public async Task Extract_HostileArchive_IsRefusedAndWritesNothingOutside(string what, Func<string, TarEntry[]> entries, string message)
    {
        var error = await Assert.ThrowsAsync<UserErrorException>(() => TarFiles.ExtractAsync(Archive(entries(Outside)), Destination, null, CancellationToken.None));

        Assert.Contains(message, error.Message);
        Assert.StartsWith("The archive", error.Message);
        Assert.Empty(Directory.EnumerateFileSystemEntries(Outside));
        Assert.False(System.IO.File.Exists("/etc/wst-t13-evil"), what);
        Assert.False(System.IO.File.Exists(Path.Combine(sandbox, "evil")), what);
        // Names and links are checked before the first byte is written.
        if (!what.StartsWith("chain")) Assert.Empty(Directory.EnumerateFileSystemEntries(Destination));
    }

    [Fact]
    public async Task Extract_IntoAFolderHoldingALinkOut_NeverWritesThroughIt()
    {
        System.IO.File.CreateSymbolicLink(Path.Combine(Destination, "planted"), Outside);

        var error = await Assert.ThrowsAsync<UserErrorException>(() =>
            TarFiles.ExtractAsync(Archive(File("planted/evil")), Destination, null, CancellationToken.None));

        Assert.Equal($"The archive entry 'planted/evil' would be written through a link leading outside {Destination}; refused.", error.Message);
        Assert.Empty(Directory.EnumerateFileSystemEntries(Outside));
    }

    [Fact]
    public async Task Extract_ArchiveWithInsideLinks_IsExtracted()
    {
        var count = await TarFiles.ExtractAsync(Archive(Folder("tree"), File("tree/a.txt", "alpha"), Link("tree/b.txt", "a.txt"), Link("tree/up", "..")),
            Destination, null, CancellationToken.None);

        Assert.Equal(4, count);
        Assert.Equal("alpha", await System.IO.File.ReadAllTextAsync(Path.Combine(Destination, "tree", "b.txt")));
    }
}
