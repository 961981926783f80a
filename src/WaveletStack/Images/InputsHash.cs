using System.Security.Cryptography;
using System.Text;

namespace WaveletStack.Images;

/// <summary>
/// A SHA-256 over everything an output is made from: files (by relative path and content)
/// and named values (image ids, build arguments). Equal hashes mean the output need not be
/// made again.
/// </summary>
public sealed class InputsHash
{
    readonly IncrementalHash hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);

    public InputsHash Add(string name, string? value)
    {
        Append($"value {name}={value}\n");
        return this;
    }

    /// <summary>Every file under <paramref name="folder"/> (bin/ and obj/ excluded), in a stable order.</summary>
    public InputsHash AddFolder(string folder)
    {
        foreach (var file in FilesOf(folder))
            AddFile(Path.GetRelativePath(folder, file).Replace('\\', '/'), file);
        return this;
    }

    public InputsHash AddFile(string name, string path)
    {
        Append($"file {name} {new FileInfo(path).Length}\n");
        using var stream = File.OpenRead(path);
        var buffer = new byte[81920];
        int read;
        while ((read = stream.Read(buffer)) > 0) hash.AppendData(buffer, 0, read);
        return this;
    }

    public string Finish() => Convert.ToHexStringLower(hash.GetHashAndReset());

    /// <summary>The files of a folder as a build would see them: sorted, without build outputs.</summary>
    public static IReadOnlyList<string> FilesOf(string folder) =>
        Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
            .Where(f => !Path.GetRelativePath(folder, f).Split(Path.DirectorySeparatorChar).Any(p => p is "bin" or "obj"))
            .Order(StringComparer.Ordinal)
            .ToArray();

    public static string OfFile(string path) => new InputsHash().AddFile(Path.GetFileName(path), path).Finish();

    void Append(string text) => hash.AppendData(Encoding.UTF8.GetBytes(text));
}
