using System.Formats.Tar;
using System.Security.Cryptography;
using Docker.DotNet;
using Docker.DotNet.Models;

namespace WaveletStack.Providers.Local;

/// <summary>
/// The image of the local provider's hosts, built from nodes/wavelet-stack-host on the local
/// base image; rebuilt only when the folder's files change (their hash is a label on the image).
/// </summary>
public static class LocalHostImage
{
    public const string Name = "wavelet-stack-host:latest";
    const string HashLabel = "org.wavelet-stack.inputs-hash";

    public static async Task<string> EnsureAsync(IDockerClient docker, string repositoryRoot, string baseImage, CancellationToken cancellationToken)
    {
        var folder = Path.Combine(repositoryRoot, "nodes", "wavelet-stack-host");
        if (!File.Exists(Path.Combine(folder, "Dockerfile")))
            throw new UserErrorException($"{folder}/Dockerfile is missing; run the build from a wavelet-stack checkout.");
        var files = Directory.GetFiles(folder).OrderBy(f => f, StringComparer.Ordinal).ToArray();
        var hash = Hash(files, baseImage);

        var existing = await docker.Images.ListImagesAsync(new ImagesListParameters
        {
            Filters = new Dictionary<string, IDictionary<string, bool>> { ["reference"] = new Dictionary<string, bool> { [Name] = true } },
        }, cancellationToken);
        if (existing.Any(i => i.Labels is not null && i.Labels.TryGetValue(HashLabel, out var h) && h == hash)) return Name;

        using var context = new MemoryStream();
        using (var tar = new TarWriter(context, leaveOpen: true))
            foreach (var file in files) await tar.WriteEntryAsync(file, Path.GetFileName(file), cancellationToken);
        context.Position = 0;

        string? error = null;
        await docker.Images.BuildImageFromDockerfileAsync(new ImageBuildParameters
        {
            Tags = [Name],
            BuildArgs = new Dictionary<string, string> { ["BASE_IMAGE"] = baseImage },
            Labels = new Dictionary<string, string> { [HashLabel] = hash },
            Remove = true,
            ForceRemove = true,
        }, context, [], new Dictionary<string, string>(), new Progress<JSONMessage>(m => error ??= m.Error?.Message ?? m.ErrorMessage), cancellationToken);
        if (error is not null) throw new UserErrorException($"Building {Name} from {folder} failed: {error.Trim()}.");
        return Name;
    }

    static string Hash(string[] files, string baseImage)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        sha.AppendData(System.Text.Encoding.UTF8.GetBytes(baseImage));
        foreach (var file in files)
        {
            sha.AppendData(System.Text.Encoding.UTF8.GetBytes(Path.GetFileName(file)));
            sha.AppendData(File.ReadAllBytes(file));
        }
        return Convert.ToHexStringLower(sha.GetHashAndReset());
    }
}
