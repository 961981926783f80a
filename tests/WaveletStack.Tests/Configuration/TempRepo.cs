namespace WaveletStack.Tests.Configuration;

/// <summary>A throw-away repository root holding configuration files, removed on dispose.</summary>
public sealed class TempRepo : IDisposable
{
    public string Root { get; } = Directory.CreateTempSubdirectory("wst-config-").FullName;

    public TempRepo With(string relativePath, string text)
    {
        var path = Path.Combine(Root, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        return this;
    }

    public string Read(string relativePath) => File.ReadAllText(Path.Combine(Root, relativePath));

    public bool Exists(string relativePath) => File.Exists(Path.Combine(Root, relativePath));

    public void Dispose() => Directory.Delete(Root, recursive: true);
}
