using System.Net.Sockets;
using Docker.DotNet;

namespace WaveletStack.Images;

/// <summary>
/// A plain HttpClient to the same engine endpoint a Docker.DotNet client uses, for the one call
/// Docker.DotNet cannot make right: a push, whose X-Registry-Auth header it encodes in standard
/// base64 (and cannot be told otherwise; a default header is joined to it, not replacing it).
/// </summary>
internal static class EngineHttp
{
    public const string ApiVersion = "v1.41";

    public static HttpClient Create(IDockerClient docker)
    {
        var endpoint = docker.Configuration.EndpointBaseUri;
        switch (endpoint.Scheme)
        {
            case "unix":
                var socket = endpoint.LocalPath;
                var handler = new SocketsHttpHandler
                {
                    ConnectCallback = async (_, cancellationToken) =>
                    {
                        var s = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                        await s.ConnectAsync(new UnixDomainSocketEndPoint(socket), cancellationToken);
                        return new NetworkStream(s, ownsSocket: true);
                    },
                };
                return new HttpClient(handler) { BaseAddress = new Uri("http://docker/"), Timeout = Timeout.InfiniteTimeSpan };
            case "tcp" or "http":
                return new HttpClient { BaseAddress = new Uri($"http://{endpoint.Authority}/"), Timeout = Timeout.InfiniteTimeSpan };
            default:
                throw new UserErrorException(
                    $"Pushing through an engine at {endpoint} ({endpoint.Scheme}) is not supported; use a unix socket or an SSH-forwarded one.");
        }
    }
}
