namespace WaveletStack.Output;

/// <summary>
/// The one way this project writes a file that may hold a secret (keys, a token, a rendered
/// compose file, a stack configuration with WAVELET_KEYS): written to a temporary file beside it,
/// created with its final mode, and renamed over it, so the file never exists half written or
/// readable by others, not even for a moment, whatever the mode of a file it replaces. Folders
/// made for secrets are 700. Windows (build.cmd) has no file modes: files there inherit the
/// folder's permissions.
/// </summary>
public static class PrivateFiles
{
    public const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    const UnixFileMode OwnerOnlyFolder = OwnerOnly | UnixFileMode.UserExecute;

    /// <summary>Creates <paramref name="path"/> (and missing parents) and makes it 700.</summary>
    public static void CreateFolder(string path)
    {
        if (OperatingSystem.IsWindows()) { Directory.CreateDirectory(path); return; }
        Directory.CreateDirectory(path, OwnerOnlyFolder);
        File.SetUnixFileMode(path, OwnerOnlyFolder);
    }

    /// <summary>A private temporary folder (700), for copies of secrets that a program must read from a file.</summary>
    public static DirectoryInfo CreateTemporaryFolder(string prefix)
    {
        var folder = Directory.CreateTempSubdirectory(prefix);
        CreateFolder(folder.FullName);
        return folder;
    }

    /// <summary>Writes <paramref name="content"/> with <paramref name="mode"/> (default 600); the folder must exist and keeps its mode.</summary>
    public static void Write(string path, string content, UnixFileMode mode = OwnerOnly) =>
        Write(path, System.Text.Encoding.UTF8.GetBytes(content), mode);

    public static void Write(string path, byte[] content, UnixFileMode mode = OwnerOnly)
    {
        var temporary = Temporary(path);
        try
        {
            using (var stream = new FileStream(temporary, Options(mode))) stream.Write(content);
            File.Move(temporary, path, overwrite: true);
        }
        finally { File.Delete(temporary); }
    }

    public static Task WriteAsync(string path, string content, CancellationToken cancellationToken, UnixFileMode mode = OwnerOnly) =>
        WriteAsync(path, (stream, token) => stream.WriteAsync(System.Text.Encoding.UTF8.GetBytes(content), token).AsTask(), cancellationToken, mode);

    /// <summary>Streams what <paramref name="write"/> writes into <paramref name="path"/> (large files: a snapshot), the same way.</summary>
    public static async Task WriteAsync(string path, Func<Stream, CancellationToken, Task> write, CancellationToken cancellationToken,
        UnixFileMode mode = OwnerOnly)
    {
        var temporary = Temporary(path);
        try
        {
            await using (var stream = new FileStream(temporary, Options(mode))) await write(stream, cancellationToken);
            File.Move(temporary, path, overwrite: true);
        }
        finally { File.Delete(temporary); }
    }

    static string Temporary(string path) =>
        Path.Combine(Path.GetDirectoryName(Path.GetFullPath(path))!, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.tmp");

    static FileStreamOptions Options(UnixFileMode mode)
    {
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = mode; // the umask may only narrow it, and 600 stays 600
        return options;
    }
}
