using WaveletStack.Output;

namespace WaveletStack.Snapshots;

/// <summary>A private (700) temporary folder for node dumps, removed with everything in it.</summary>
sealed class TemporaryFolder(string prefix) : IDisposable
{
    readonly DirectoryInfo folder = PrivateFiles.CreateTemporaryFolder(prefix);

    /// <summary>Node <paramref name="node"/>'s dump in the folder.</summary>
    public string File(int node) => Path.Combine(folder.FullName, $"{node}.tar.gz");

    public void Dispose() => folder.Delete(recursive: true);
}
