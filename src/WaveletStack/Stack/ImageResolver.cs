using Docker.DotNet;
using Docker.DotNet.Models;

namespace WaveletStack.Stack;

/// <summary>
/// Checks that every image of the stack exists before anything is deployed, and names the exact
/// image a service runs, so a rebuilt image under the same tag is a change DeployStack rolls out.
/// An image pushed to a registry is pinned by digest (as `docker stack deploy` does); one that
/// only exists on the manager of a local swarm is referenced by its id (shown by name in the
/// `com.docker.stack.image` label) and identified by its id label.
/// </summary>
public static class ImageResolver
{
    public const string ImageIdLabel = "org.wavelet-stack.image-id";

    /// <summary>Image → what identifies it; throws naming each missing image.</summary>
    public static async Task<IReadOnlyDictionary<string, ResolvedImage>> ResolveAsync(
        IDockerClient manager, string stack, IEnumerable<string> images, bool isLocal, CancellationToken cancellationToken)
    {
        var resolved = new Dictionary<string, ResolvedImage>();
        var missing = new List<string>();
        string? pullError = null;
        foreach (var image in images.Distinct())
        {
            var found = await InspectAsync(manager, image, cancellationToken);
            if (found is null && !isLocal)
            {
                // A remote manager need not hold the image: its registry does, once PushImages ran.
                try
                {
                    await manager.Images.CreateImageAsync(new ImagesCreateParameters { FromImage = image }, null,
                        new Images.SynchronousProgress<JSONMessage>(m => pullError ??= m.Error?.Message ?? m.ErrorMessage), cancellationToken);
                }
                catch (DockerApiException e) { pullError ??= EngineMessage(e.ResponseBody); }
                found = await InspectAsync(manager, image, cancellationToken);
            }
            if (found is null) { missing.Add(image); continue; }
            var repository = image[..RepositoryEnd(image)];
            var digest = found.RepoDigests?.FirstOrDefault(d => d.StartsWith(repository + "@", StringComparison.Ordinal));
            // Swarm pulls a task's image by name before it starts it, even from the local engine, and
            // a registry holding an older push of the tag would win over the image built here; an
            // image id, or a digest the engine holds, is used as is (moby's containerAdapter.pullImage).
            var reference = digest is not null ? $"{image}@{digest[(repository.Length + 1)..]}" : isLocal ? found.ID : image;
            resolved[image] = new ResolvedImage(reference, found.ID);
        }
        if (missing.Count > 0)
            throw new UserErrorException(
                $"Image{(missing.Count > 1 ? "s" : "")} {string.Join(", ", missing)} not found on the swarm" +
                (pullError is null ? "; " : $" (the manager's pull answered: {pullError.Trim().TrimEnd('.')}); ") +
                (isLocal ? "build them with `./build.sh BuildImages`."
                    : $"push them with `./build.sh PushImages --stack {stack}` (or set WAVELET_REBUILD_ON_START=yes to build and push on every deploy)."));
        return resolved;
    }

    static async Task<ImageInspectResponse?> InspectAsync(IDockerClient manager, string image, CancellationToken cancellationToken)
    {
        try { return await manager.Images.InspectImageAsync(image, cancellationToken); }
        catch (DockerImageNotFoundException) { return null; }
        catch (DockerApiException e) when (e.StatusCode == System.Net.HttpStatusCode.NotFound) { return null; }
    }

    /// <summary>The engine's `{"message": …}` error body as its message.</summary>
    static string EngineMessage(string body)
    {
        try { return System.Text.Json.JsonDocument.Parse(body).RootElement.GetProperty("message").GetString() ?? body; }
        catch (Exception e) when (e is System.Text.Json.JsonException or KeyNotFoundException or InvalidOperationException) { return body; }
    }

    /// <summary>Where the tag starts (a colon after the last slash), or the end.</summary>
    static int RepositoryEnd(string image)
    {
        var colon = image.LastIndexOf(':');
        return colon > image.LastIndexOf('/') ? colon : image.Length;
    }
}

/// <summary>The reference a service uses (maybe pinned by digest) and the image's id.</summary>
public sealed record ResolvedImage(string Reference, string Id);
