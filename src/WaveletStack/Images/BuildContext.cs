using System.Formats.Tar;

namespace WaveletStack.Images;

/// <summary>
/// The tar stream sent to the engine as a build context: an image's folder under nodes/ plus
/// extra files (the published binaries) placed at given names.
/// </summary>
public static class BuildContext
{
    const UnixFileMode Executable = (UnixFileMode)0b111_101_101; // 0755
    const UnixFileMode Regular = (UnixFileMode)0b110_100_100;    // 0644

    public static MemoryStream Create(string folder, IReadOnlyDictionary<string, string> extraFiles)
    {
        var stream = new MemoryStream();
        using (var tar = new TarWriter(stream, TarEntryFormat.Pax, leaveOpen: true))
        {
            foreach (var file in InputsHash.FilesOf(folder))
                Add(tar, Path.GetRelativePath(folder, file).Replace('\\', '/'), file);
            foreach (var (name, path) in extraFiles)
                Add(tar, name, path, Executable);
        }
        stream.Position = 0;
        return stream;
    }

    static void Add(TarWriter tar, string name, string path, UnixFileMode? mode = null)
    {
        var isExecutable = !OperatingSystem.IsWindows() && (File.GetUnixFileMode(path) & UnixFileMode.UserExecute) != 0;
        using var content = File.OpenRead(path);
        // A fixed time keeps the context identical for identical files.
        tar.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, name)
        {
            DataStream = content,
            Mode = mode ?? (isExecutable ? Executable : Regular),
            ModificationTime = DateTimeOffset.UnixEpoch,
        });
    }
}
