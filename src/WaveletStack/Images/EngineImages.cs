using Docker.DotNet;
using Docker.DotNet.Models;

namespace WaveletStack.Images;

/// <summary>Small questions about images on an engine, answered without throwing for "absent".</summary>
public static class EngineImages
{
    public static async Task<ImageInspectResponse?> TryInspectAsync(IDockerClient docker, string name, CancellationToken cancellationToken)
    {
        try
        {
            return await docker.Images.InspectImageAsync(name, cancellationToken);
        }
        catch (DockerImageNotFoundException)
        {
            return null;
        }
    }

    public static string? Label(this ImageInspectResponse image, string label) =>
        image.Config?.Labels is { } labels && labels.TryGetValue(label, out var value) ? value : null;

    /// <summary>Pulls an image, giving up quietly after <paramref name="timeout"/> (no registry, air-gapped).</summary>
    public static async Task<bool> TryPullAsync(IDockerClient docker, string name, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var (repository, tag) = SplitTag(name);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        var failed = false;
        try
        {
            await docker.Images.CreateImageAsync(
                new ImagesCreateParameters { FromImage = repository, Tag = tag }, null,
                new SynchronousProgress<JSONMessage>(m => failed |= m.Error is not null || !string.IsNullOrEmpty(m.ErrorMessage)),
                deadline.Token);
        }
        catch (Exception e) when (e is DockerApiException or HttpRequestException
                                       || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return false;
        }
        return !failed && await TryInspectAsync(docker, name, cancellationToken) is not null;
    }

    /// <summary>`host:5000/name:tag` → (`host:5000/name`, `tag`); no tag means `latest`.</summary>
    public static (string Repository, string Tag) SplitTag(string name)
    {
        var colon = name.LastIndexOf(':');
        return colon > name.LastIndexOf('/') ? (name[..colon], name[(colon + 1)..]) : (name, "latest");
    }
}

/// <summary>
/// Reports on the caller's thread, in order (System.Progress posts to the thread pool, which
/// would reorder build output lines).
/// </summary>
public sealed class SynchronousProgress<T>(Action<T> report) : IProgress<T>
{
    public void Report(T value) => report(value);
}
