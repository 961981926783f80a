using Docker.DotNet;
using WaveletStack.Images;

namespace WaveletStack.Providers.Local;

/// <summary>
/// The image of the local provider's hosts, built from nodes/wavelet-stack-host on the local
/// base image by the images' own builder: rebuilt only when its files or the base image change.
/// </summary>
public static class LocalHostImage
{
    public const string Name = "wavelet-stack-host:latest";

    public static async Task<string> EnsureAsync(IDockerClient docker, string repositoryRoot, BaseImageChoice baseImage, CancellationToken cancellationToken)
    {
        var folder = Path.Combine(repositoryRoot, "nodes", "wavelet-stack-host");
        if (!File.Exists(Path.Combine(folder, "Dockerfile")))
            throw new UserErrorException($"{folder}/Dockerfile is missing; run the build from a wavelet-stack checkout.");
        await ImageBuilder.BuildAsync(docker, new ImageRecipe(Name, folder,
            new Dictionary<string, string> { ["BASE_IMAGE"] = baseImage.Name },
            new Dictionary<string, string>(),
            new Dictionary<string, string> { ["base image id"] = baseImage.Id }), cancellationToken);
        return Name;
    }
}
