using System.Net.Http;
using System.Net.Sockets;
using Docker.DotNet;
using Docker.DotNet.Models;

namespace WaveletStack.Docker;

/// <summary>What an engine says about itself.</summary>
public sealed record EngineVersion(Uri Endpoint, string Version, string ApiVersion, string Os, string Architecture)
{
    public override string ToString() => $"Docker engine {Version} (API {ApiVersion}, {Os}/{Architecture}) at {Endpoint}";
}

/// <summary>
/// Asks an engine for its version, and turns "nothing answers" into what to do about it
/// (start dockerd, install docker.io, or point DOCKER_HOST elsewhere).
/// </summary>
public static class EngineCheck
{
    /// <summary>The oldest engine API the tool is written against (engine 20.10).</summary>
    public const string MinimumApiVersion = "1.41";

    static readonly TimeSpan AnswerTimeout = TimeSpan.FromSeconds(10);

    public static async Task<EngineVersion> VersionAsync(IDockerClient client, Uri endpoint, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(AnswerTimeout);
        VersionResponse version;
        try
        {
            version = await client.System.GetVersionAsync(timeout.Token);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested && IsUnreachable(e))
        {
            throw new UserErrorException(NothingAnswers(endpoint, e));
        }
        if (System.Version.Parse(version.APIVersion) < System.Version.Parse(MinimumApiVersion))
            throw new UserErrorException($"The Docker engine at {endpoint} speaks API {version.APIVersion}; " +
                $"wavelet-stack needs {MinimumApiVersion} (engine 20.10) or later: upgrade docker.io.");
        return new EngineVersion(endpoint, version.Version, version.APIVersion, version.Os, version.Arch);
    }

    static bool IsUnreachable(Exception e) => e is HttpRequestException or SocketException or TimeoutException
        or OperationCanceledException or IOException || (e.InnerException is { } inner && IsUnreachable(inner));

    static string NothingAnswers(Uri endpoint, Exception e)
    {
        var socket = endpoint.Scheme == "unix" ? endpoint.AbsolutePath : null;
        var what = socket is not null && !File.Exists(socket) ? $"no socket at {socket}" : e.GetBaseException().Message;
        return $"No Docker engine answers at {endpoint} ({what}). Start it (`sudo systemctl start docker`, " +
            "or `sudo dockerd &` where there is no systemd), install it if missing (`sudo apt-get install -y docker.io`), " +
            "or set DOCKER_HOST to an engine that runs.";
    }
}
