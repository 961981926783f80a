using System.Net.Http.Json;
using System.Text.Json;
using Docker.DotNet;
using Docker.DotNet.Models;
using WaveletStack.Images;
using Xunit;

namespace WaveletStack.Tests.Images;

/// <summary>
/// Two containers of the simulator image (the STAND-IN for `wavelet`) on a user network of
/// their own, reached from outside through their container addresses, as the stack's agent
/// and load balancer reach real nodes. Built on the images fixture; removed at the end.
/// </summary>
public sealed class SimulatorContainers : IAsyncLifetime
{
    public const string Secret = "wst-images-secret";
    public const int ApiPort = 9000;
    public const int PeerPort = 3000;
    readonly string prefix = "wst-images-sim-" + Guid.NewGuid().ToString("N")[..8];
    readonly DockerClient docker = global::WaveletStack.Docker.LocalEngine.Connect();
    static readonly Dictionary<string, string> Labels = new() { ["org.wavelet-stack.test"] = "images" };

    public HttpClient Http { get; } = new() { Timeout = TimeSpan.FromSeconds(10) };
    public IDockerClient Docker => docker;
    public string Network => prefix;
    public IReadOnlyList<(string Private, string Public)> Keys { get; } = DefaultKeys().Take(2).ToArray();

    public string Name(int node) => $"{prefix}-{node}";
    public string Api(int node) => $"http://{addresses[node]}:{ApiPort}";
    public string PeerAddress(int node) => $"{Name(node)}:{PeerPort}";
    public string IpOf(int node) => addresses[node];
    readonly Dictionary<int, string> addresses = [];

    public async Task InitializeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await docker.Networks.CreateNetworkAsync(new NetworksCreateParameters { Name = Network, Labels = Labels }, timeout.Token);
        // Node 1's key is rich in the genesis, so the benchmark can spend from it.
        var genesis = JsonSerializer.Serialize(new Dictionary<string, object>
            { [Keys[0].Public] = new Dictionary<string, object> { ["balance"] = 10000000000000000000UL, ["rewards"] = 5000000 } });
        for (var node = 1; node <= 2; node++)
        {
            await docker.Containers.CreateContainerAsync(new CreateContainerParameters
            {
                Name = Name(node),
                Image = ImagesFixture.Names.Simulator,
                Labels = Labels,
                OpenStdin = true, // the stack keeps Wavelet's stdin open (stdin_open)
                Cmd = ["--host", Name(node), "--port", $"{PeerPort}", "--api.port", $"{ApiPort}", "--api.secret", Secret,
                       "--db", "/db", "--wallet", Keys[node - 1].Private, "--genesis", genesis,
                       "--sys.snowball.k", "1", "--sim.peer-timeout", "5s", "--log.nocolor"],
                HostConfig = new HostConfig { NetworkMode = Network },
            }, timeout.Token);
            await StartAsync(node, timeout.Token);
        }
    }

    /// <summary>Starts (or restarts) a node's container and waits until its API answers.</summary>
    public async Task StartAsync(int node, CancellationToken cancellationToken, bool restart = false)
    {
        if (restart) await docker.Containers.RestartContainerAsync(Name(node), new ContainerRestartParameters { WaitBeforeKillSeconds = 10 }, cancellationToken);
        else await docker.Containers.StartContainerAsync(Name(node), new ContainerStartParameters(), cancellationToken);
        var inspected = await docker.Containers.InspectContainerAsync(Name(node), cancellationToken);
        addresses[node] = inspected.NetworkSettings.Networks[Network].IPAddress;
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            try
            {
                using var response = await Http.GetAsync($"{Api(node)}/ledger", cancellationToken);
                if (response.IsSuccessStatusCode) return;
            }
            catch (HttpRequestException) { }
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"{Name(node)} did not answer GET /ledger within 30 s; its logs:\n{await LogsAsync(Name(node), cancellationToken)}");
            await Task.Delay(200, cancellationToken);
        }
    }

    public async Task<JsonElement> LedgerAsync(int node, CancellationToken cancellationToken) =>
        (await Http.GetFromJsonAsync<JsonElement>($"{Api(node)}/ledger", cancellationToken));

    public Task<HttpResponseMessage> PostAsync(int node, string path, string body, string? bearer, CancellationToken cancellationToken)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, Api(node) + path) { Content = new StringContent(body) };
        if (bearer is not null) request.Headers.Authorization = new("Bearer", bearer);
        return Http.SendAsync(request, cancellationToken);
    }

    public async Task<string> LogsAsync(string container, CancellationToken cancellationToken)
    {
        using var stream = await docker.Containers.GetContainerLogsAsync(container, false,
            new ContainerLogsParameters { ShowStdout = true, ShowStderr = true }, cancellationToken);
        var (stdout, stderr) = await stream.ReadOutputToEndAsync(cancellationToken);
        return stdout + stderr;
    }

    public async Task RemoveContainerAsync(string name)
    {
        try { await docker.Containers.RemoveContainerAsync(name, new ContainerRemoveParameters { Force = true }, CancellationToken.None); }
        catch (DockerContainerNotFoundException) { }
    }

    public async Task DisposeAsync()
    {
        for (var node = 1; node <= 2; node++) await RemoveContainerAsync(Name(node));
        try { await docker.Networks.DeleteNetworkAsync(Network, CancellationToken.None); }
        catch (DockerNetworkNotFoundException) { }
        Http.Dispose();
        docker.Dispose();
    }

    /// <summary>The project's well-known insecure keys (nodes/wavelet-stack-node/default-keys.csv).</summary>
    static IEnumerable<(string, string)> DefaultKeys() =>
        File.ReadLines(Path.Combine(ImagesFixture.RepositoryRoot(), "nodes", "wavelet-stack-node", "default-keys.csv"))
            .Where(l => !l.StartsWith('#') && l.Length > 0)
            .Select(l => l.Split(' ')).Select(p => (p[0], p[1]));
}
