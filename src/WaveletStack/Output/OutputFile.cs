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

    /// <summary>Writes <paramref name="text"/> readable by its owner only (<see cref="PrivateFiles"/>); the folder keeps its mode (it is the user's).</summary>
    public static Task WritePrivateAsync(string path, string text, CancellationToken cancellationToken) =>
        PrivateFiles.WriteAsync(path, text, cancellationToken);
}
