namespace WaveletStack.Output;

/// <summary>
/// Files a target writes where the user asked (<c>--output</c>): an existing file is replaced
/// only with <c>--force</c>, and a file that may hold secrets is created owner-only (600) so no
/// other user of the machine can read the keys in it.
/// </summary>
public static class OutputFile
{
    /// <summary>The full path, after refusing a missing folder, a folder, or an existing file without --force.</summary>
    public static string Check(string output, bool force)
    {
        var path = Path.GetFullPath(output);
        var folder = Path.GetDirectoryName(path)!;
        if (!Directory.Exists(folder))
            throw new UserErrorException($"The folder '{folder}' for --output does not exist; create it or choose another path.");
        if (Directory.Exists(path))
            throw new UserErrorException($"--output '{output}' is a folder; give a file name in it.");
        if (File.Exists(path) && !force)
            throw new UserErrorException($"'{output}' exists; add --force to overwrite it or choose another name.");
        return path;
    }

    /// <summary>
    /// Writes <paramref name="text"/> to a private temporary file beside <paramref name="path"/>
    /// and renames it over, so the file never exists half written or with wider rights, whatever
    /// the mode of a file it replaces. The folder's own mode is left alone (it is the user's).
    /// </summary>
    public static async Task WritePrivateAsync(string path, string text, CancellationToken cancellationToken)
    {
        var temporary = Path.Combine(Path.GetDirectoryName(path)!, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.tmp");
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        try
        {
            await using (var stream = new FileStream(temporary, options))
            await using (var writer = new StreamWriter(stream))
                await writer.WriteAsync(text.AsMemory(), cancellationToken);
            File.Move(temporary, path, overwrite: true);
        }
        finally { File.Delete(temporary); }
    }
}
