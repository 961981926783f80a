using System.Text.Json;
using Docker.DotNet;
using WaveletStack.Output;

namespace WaveletStack.Images;

/// <summary>
/// PushImages: sends the stack's images to REGISTRY with the user's `docker login` credentials,
/// so that every host of a swarm can pull them. A failure names the image, the registry and
/// what to do (log in, start the registry).
/// </summary>
public static class ImagePusher
{
    static readonly TimeSpan PushTimeout = TimeSpan.FromMinutes(30);

    /// <summary>A single local engine runs the images where they were built: nothing to push.</summary>
    public static bool IsNeeded(bool engineIsLocal, bool forced) => forced || !engineIsLocal;

    public static async Task PushAsync(IDockerClient docker, ImageNames names, CancellationToken cancellationToken)
    {
        foreach (var image in names.ToPush)
            if (await EngineImages.TryInspectAsync(docker, image, cancellationToken) is null)
                throw new UserErrorException($"{image} is not on this engine; run BuildImages before PushImages.");

        var header = RegistryCredentials.Header(names.Registry);
        using var http = EngineHttp.Create(docker);
        foreach (var image in names.ToPush)
        {
            var started = DateTime.UtcNow;
            await PushOneAsync(http, image, header, names.Registry, cancellationToken);
            Ui.EndProgress();
            Ui.Success($"{image}: pushed in {(DateTime.UtcNow - started).TotalSeconds:0.0} s");
        }
    }

    static async Task PushOneAsync(HttpClient http, string image, string header, string registry, CancellationToken cancellationToken)
    {
        var (repository, tag) = EngineImages.SplitTag(image);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(PushTimeout);
        using var request = new HttpRequestMessage(HttpMethod.Post,
            $"{EngineHttp.ApiVersion}/images/{repository}/push?tag={Uri.EscapeDataString(tag)}");
        request.Headers.Add("X-Registry-Auth", header);
        string? error;
        try
        {
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, deadline.Token);
            if (!response.IsSuccessStatusCode)
                error = await response.Content.ReadAsStringAsync(deadline.Token);
            else
                error = await FollowAsync(await response.Content.ReadAsStreamAsync(deadline.Token), image, deadline.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            error = $"no answer within {PushTimeout.TotalMinutes:0} minutes";
        }
        if (error is not null) throw Explain(image, registry, error);
    }

    /// <summary>Shows the push's progress; returns the error the engine reported, if any.</summary>
    static async Task<string?> FollowAsync(Stream stream, string image, CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(stream);
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            if (line.Length == 0) continue;
            using var message = JsonDocument.Parse(line);
            var root = message.RootElement;
            if (root.TryGetProperty("error", out var error)) return error.GetString();
            if (root.TryGetProperty("status", out var status))
                Ui.Progress($"{image}: {(root.TryGetProperty("id", out var id) ? id.GetString() + " " : "")}{status.GetString()}");
        }
        return null;
    }

    static UserErrorException Explain(string image, string registry, string error)
    {
        Ui.EndProgress();
        var lower = error.ToLowerInvariant();
        // The engine's wording varies: no login at all, a login the registry rejects, or no rights.
        if (new[] { "unauthorized", "denied", "authentication required", "no basic auth credentials", "forbidden" }.Any(lower.Contains))
            return new($"{registry} refused {image} ({error.Trim()}); run `docker login {RegistryCredentials.ServerOf(registry)}` with an account that may push there, then PushImages again.");
        if (lower.Contains("connection refused") || lower.Contains("no such host") || lower.Contains("dial tcp") || lower.Contains("timeout"))
            return new($"The registry {registry} does not answer ({error.Trim()}); start it (EnsureRegistry does for localhost:<port>) or fix REGISTRY, then PushImages again.");
        return new($"Pushing {image} to {registry} failed: {error.Trim()}");
    }
}
