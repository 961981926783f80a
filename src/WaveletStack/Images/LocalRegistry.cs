using Docker.DotNet;
using Docker.DotNet.Models;
using WaveletStack.Output;

namespace WaveletStack.Images;

/// <summary>
/// EnsureRegistry: when REGISTRY is `localhost:<port>` and nothing answers there, runs the
/// project's registry image bound to 127.0.0.1:<port> only, with its data in a named volume,
/// restarted unless stopped, and waits until it answers.
/// </summary>
public static class LocalRegistry
{
    const string Label = "org.wavelet-stack.registry";
    static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(3) };

    /// <summary>The port of a registry on this machine (`localhost:5000`, `127.0.0.1:5000`), else null.</summary>
    public static int? LocalPort(string registry)
    {
        var host = registry.Split('/')[0];
        var colon = host.LastIndexOf(':');
        return colon > 0 && host[..colon] is "localhost" or "127.0.0.1"
               && int.TryParse(host[(colon + 1)..], out var port) && port is > 0 and < 65536 ? port : null;
    }

    public static string ContainerName(int port) => $"wavelet-stack-registry-{port}";

    /// <summary>Anything speaking the registry API (200, or 401 for one asking for a login) counts.</summary>
    public static async Task<bool> AnswersAsync(int port, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await Http.GetAsync($"http://127.0.0.1:{port}/v2/", cancellationToken);
            return response.Headers.Contains("Docker-Distribution-Api-Version") || (int)response.StatusCode is 200 or 401;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    public static async Task EnsureAsync(IDockerClient docker, string root, string registry, CancellationToken cancellationToken)
    {
        if (LocalPort(registry) is not { } port)
        {
            Ui.Info($"REGISTRY {registry} is not on this machine; it is used as it is.");
            return;
        }
        if (await AnswersAsync(port, cancellationToken))
        {
            Ui.Info($"Registry {registry} answers.");
            return;
        }

        await StackImages.BuildRegistryAsync(docker, root, cancellationToken);
        var name = ContainerName(port);
        var existing = (await docker.Containers.ListContainersAsync(new ContainersListParameters
        {
            All = true,
            Filters = new Dictionary<string, IDictionary<string, bool>> { ["name"] = new Dictionary<string, bool> { [$"^/{name}$"] = true } },
        }, cancellationToken)).FirstOrDefault();
        if (existing is null)
        {
            await docker.Containers.CreateContainerAsync(new CreateContainerParameters
            {
                Name = name,
                Image = ImageNames.RegistryImage,
                Labels = new Dictionary<string, string> { [Label] = port.ToString() },
                HostConfig = new HostConfig
                {
                    PortBindings = new Dictionary<string, IList<PortBinding>>
                        { ["5000/tcp"] = [new PortBinding { HostIP = "127.0.0.1", HostPort = port.ToString() }] },
                    Mounts = [new Mount { Type = "volume", Source = name, Target = "/var/lib/docker-registry" }],
                    RestartPolicy = new RestartPolicy { Name = RestartPolicyKind.UnlessStopped },
                },
            }, cancellationToken);
        }
        Ui.Progress($"Starting the registry {name} on 127.0.0.1:{port}…");
        await docker.Containers.StartContainerAsync(name, new ContainerStartParameters(), cancellationToken);
        await WaitAsync(docker, name, port, cancellationToken);
        Ui.EndProgress();
        Ui.Success($"Registry {registry} runs (container {name}, data in volume {name}).");
    }

    static async Task WaitAsync(IDockerClient docker, string name, int port, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + StartTimeout;
        while (!await AnswersAsync(port, cancellationToken))
        {
            if (DateTime.UtcNow > deadline)
            {
                var state = (await docker.Containers.InspectContainerAsync(name, cancellationToken)).State;
                throw new UserErrorException(
                    $"The registry container {name} did not answer at http://127.0.0.1:{port}/v2/ within {StartTimeout.TotalSeconds:0} s " +
                    $"(state {state.Status}, exit code {state.ExitCode}); see `docker logs {name}` (is port {port} taken by something else?).");
            }
            await Task.Delay(250, cancellationToken);
        }
    }

    /// <summary>Removes a registry EnsureRegistry started, and its data.</summary>
    public static async Task RemoveAsync(IDockerClient docker, int port, CancellationToken cancellationToken)
    {
        var name = ContainerName(port);
        try { await docker.Containers.RemoveContainerAsync(name, new ContainerRemoveParameters { Force = true }, cancellationToken); }
        catch (DockerContainerNotFoundException) { }
        try { await docker.Volumes.RemoveAsync(name, force: true, cancellationToken); }
        catch (DockerApiException e) when (e.StatusCode == System.Net.HttpStatusCode.NotFound) { }
    }
}
