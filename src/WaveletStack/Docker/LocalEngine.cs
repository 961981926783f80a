using Docker.DotNet;

namespace WaveletStack.Docker;

/// <summary>
/// Connects to the Docker engine of this machine: DOCKER_HOST when set, else the local socket.
/// Remote swarm hosts are reached over SSH instead (see Swarm/), never through an open port.
/// </summary>
public static class LocalEngine
{
    public const string DefaultSocket = "unix:///var/run/docker.sock";

    public static Uri Endpoint(IReadOnlyDictionary<string, string?>? environment = null)
    {
        var host = environment is null ? Environment.GetEnvironmentVariable("DOCKER_HOST")
            : environment.GetValueOrDefault("DOCKER_HOST");
        return new Uri(string.IsNullOrWhiteSpace(host) ? DefaultSocket : host);
    }

    public static DockerClient Connect(Uri? endpoint = null) =>
        new DockerClientConfiguration(endpoint ?? Endpoint(), defaultTimeout: TimeSpan.FromMinutes(10)).CreateClient();
}
