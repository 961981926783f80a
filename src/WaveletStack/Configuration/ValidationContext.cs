namespace WaveletStack.Configuration;

/// <summary>What a key's check may need beyond the value: where relative paths start.</summary>
public sealed record ValidationContext(string RepoRoot)
{
    public string ResolvePath(string path) =>
        Path.GetFullPath(path.StartsWith("~/", StringComparison.Ordinal)
            ? Path.Combine(System.Environment.GetFolderPath(System.Environment.SpecialFolder.UserProfile), path[2..])
            : Path.Combine(RepoRoot, path));
}
