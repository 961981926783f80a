namespace WaveletStack.Swarm;

/// <summary>
/// Writes files only their owner may read (600) in folders only their owner may enter (700):
/// swarm state holds private keys and must never be readable by other users.
/// </summary>
public static class PrivateFiles
{
    const UnixFileMode PrivateFolderMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    const UnixFileMode PrivateFileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    public static void CreateFolder(string path)
    {
        if (OperatingSystem.IsWindows()) { Directory.CreateDirectory(path); return; }
        Directory.CreateDirectory(path, PrivateFolderMode);
        File.SetUnixFileMode(path, PrivateFolderMode);
    }

    public static void Write(string path, string content) => Write(path, System.Text.Encoding.UTF8.GetBytes(content));

    public static void Write(string path, byte[] content)
    {
        CreateFolder(System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path))!);
        // Write to a private temporary file first so the final file never exists with wider rights
        // or half written.
        var temporary = path + ".tmp";
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = PrivateFileMode;
        using (var stream = new FileStream(temporary, options)) stream.Write(content);
        File.Move(temporary, path, overwrite: true);
    }
}
