using System.Net;
using System.Net.WebSockets;
using System.Text.Json;
using WaveletStack.Agent.Etcd;
using WaveletStack.Agent.LoadBalancer;

namespace WaveletStack.Agent.Tests.Integration;

/// <summary>
/// `wavelet-agent loadbalancer` with a real HAProxy (Debian's haproxy, a host process here) and a
/// real etcd; simulator nodes behind it. Its ports are shifted by a test offset (a test cannot
/// take port 80 and 9000+ on a shared machine).
/// </summary>
[Collection(Processes.Collection)]
public sealed class LoadBalancerTests : IClassFixture<EtcdServer>, IAsyncLifetime
{
    readonly EtcdServer etcd;
    readonly List<SimNode> nodes = [];
    readonly int offset = FreeOffset();
    AgentProcess lb = null!;
    readonly HttpClient http = new() { Timeout = TimeSpan.FromSeconds(3) };

    public LoadBalancerTests(EtcdServer etcd) => this.etcd = etcd;

    public async Task InitializeAsync()
    {
        if (!File.Exists("/usr/sbin/haproxy"))
            throw new InvalidOperationException("haproxy is not installed; the load balancer's integration tests need it: apt-get install -y haproxy");
        for (var slot = 1; slot <= 3; slot++) nodes.Add(await SimNode.StartAsync(slot));
        await RegisterAsync(1);
        await RegisterAsync(2);
        lb = AgentProcess.StartMode("loadbalancer", new Dictionary<string, string>
        {
            ["WAVELET_LB_SLOTS"] = "5", ["WAVELET_NO_RPC"] = "true", ["WAVELET_SYNC"] = etcd.Endpoint,
            ["WAVELET_AGENT_LB_PORT_OFFSET"] = offset.ToString(),
        });
        await Eventually.HoldsAsync(async () => await PublicKeyAtAsync(Port(9001)) == nodes[1].Wallet.PublicHex,
            TimeSpan.FromSeconds(30), () => lb.Output);
    }

    [Fact]
    public async Task LoadBalancer_ServesEachRegisteredNodesApiOnItsPort_AndNode1OnPort80()
    {
        Assert.Equal(nodes[0].Wallet.PublicHex, await PublicKeyAtAsync(Port(80)));
        Assert.Equal(nodes[0].Wallet.PublicHex, await PublicKeyAtAsync(Port(9000)));
        Assert.Equal(nodes[1].Wallet.PublicHex, await PublicKeyAtAsync(Port(9001)));
        using var unregistered = await http.GetAsync($"http://127.0.0.1:{Port(9002)}/ledger");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, unregistered.StatusCode);
    }

    [Fact]
    public async Task LoadBalancer_OnMembershipChange_ReloadsGracefullyWithoutDroppingAnOpenConnection()
    {
        using var socket = new ClientWebSocket();
        await socket.ConnectAsync(new Uri($"ws://127.0.0.1:{Port(9000)}/poll/metrics"), CancellationToken.None);
        await ReceiveAsync(socket);
        var config = File.ReadAllText(lb.Root.Paths.HaproxyConfig);

        await RegisterAsync(3);
        var reloaded = await Eventually.HoldsAsync(async () => await PublicKeyAtAsync(Port(9002)) == nodes[2].Wallet.PublicHex,
            TimeSpan.FromSeconds(10), () => lb.Output, pollMs: 20);
        Console.WriteLine($"node 3 registered → served through HAProxy after {reloaded.TotalMilliseconds:0} ms");

        Assert.NotEqual(config, File.ReadAllText(lb.Root.Paths.HaproxyConfig));
        await Eventually.LoggedAsync(() => lb.Output, "reloaded gracefully");
        await ReceiveAsync(socket); // the connection opened before the reload still streams
        Assert.Equal(WebSocketState.Open, socket.State);

        await etcd.Client.DeleteAsync("/nodes/3", CancellationToken.None);
        await Eventually.HoldsAsync(async () => (await http.GetAsync($"http://127.0.0.1:{Port(9002)}/ledger")).StatusCode == HttpStatusCode.ServiceUnavailable,
            TimeSpan.FromSeconds(10), () => lb.Output);
    }

    [Fact]
    public async Task LoadBalancer_ARegistrationThatIsNotAnAddress_IsRefusedAndTheConfigurationStays()
    {
        var good = File.ReadAllText(lb.Root.Paths.HaproxyConfig);

        await etcd.PutAsync("/nodes/3", new NodeRecord("not a host name", 3002, 9000, "ab").ToJson());

        await Eventually.LoggedAsync(() => lb.Output, "/nodes/3 = ");
        Assert.Contains("is refused (ip 'not a host name' is not an IP address)", lb.Output);
        Assert.Equal(good, File.ReadAllText(lb.Root.Paths.HaproxyConfig));
        Assert.Equal(nodes[0].Wallet.PublicHex, await PublicKeyAtAsync(Port(9000)));
        await etcd.Client.DeleteAsync("/nodes/3", CancellationToken.None);
    }

    [Fact]
    public async Task LoadBalancer_ManyChangesWithinASecond_EndsRunningTheLastRenderedConfiguration()
    {
        // Several registrations changing faster than HAProxy reloads: before reloads were
        // confirmed, the last SIGUSR2 of such a burst could be dropped and HAProxy kept an old one.
        await RegisterAsync(3);
        for (var i = 0; i < 8; i++)
        {
            await etcd.PutAsync($"/nodes/{4 + i % 2}", new NodeRecord("127.0.0.1", 3000 + i, 9000 + i, "ab").ToJson());
            await Task.Delay(100);
        }
        var runtime = new HaproxyRuntime(lb.Root.Paths.HaproxySocket);

        await Eventually.HoldsAsync(() => Task.FromResult(File.ReadAllText(lb.Root.Paths.HaproxyConfig).Contains("server node-5 127.0.0.1:9007")),
            TimeSpan.FromSeconds(20), () => lb.Output);
        await Eventually.HoldsAsync(async () => await runtime.RunningConfigIdAsync(CancellationToken.None) == FileConfigId(),
            TimeSpan.FromSeconds(20), () => lb.Output);
        Assert.Equal(nodes[2].Wallet.PublicHex, await PublicKeyAtAsync(Port(9002)));
        foreach (var slot in new[] { 3, 4, 5 }) await etcd.Client.DeleteAsync($"/nodes/{slot}", CancellationToken.None);
    }

    string FileConfigId() =>
        File.ReadAllLines(lb.Root.Paths.HaproxyConfig).Select(l => l.Trim())
            .First(l => l.StartsWith($"setenv {HaproxyRuntime.ConfigIdVariable} ", StringComparison.Ordinal)).Split(' ')[2];

    [Fact]
    public void GoldenConfigurations_PassHaproxysOwnCheck()
    {
        foreach (var file in Directory.EnumerateFiles(Path.Combine(HaproxyConfigTestsFolder(), "Golden"), "*.cfg"))
        {
            var psi = new System.Diagnostics.ProcessStartInfo("haproxy", ["-c", "-f", file]) { RedirectStandardOutput = true, RedirectStandardError = true };
            using var check = System.Diagnostics.Process.Start(psi)!;
            var output = check.StandardOutput.ReadToEnd() + check.StandardError.ReadToEnd();
            check.WaitForExit();
            Assert.True(check.ExitCode == 0, $"{Path.GetFileName(file)}: {output}");
        }
    }

    static string HaproxyConfigTestsFolder() => Path.Combine(LoadBalancer.HaproxyConfigTests.SourceFolder(), "LoadBalancer");

    Task RegisterAsync(int slot) =>
        etcd.PutAsync($"/nodes/{slot}", new NodeRecord("127.0.0.1", nodes[slot - 1].RpcPort, nodes[slot - 1].ApiPort, nodes[slot - 1].Wallet.PublicHex).ToJson());

    int Port(int port) => offset + port;

    async Task<string?> PublicKeyAtAsync(int port)
    {
        using var response = await http.GetAsync($"http://127.0.0.1:{port}/ledger");
        if (!response.IsSuccessStatusCode) return null;
        using var ledger = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return ledger.RootElement.GetProperty("public_key").GetString();
    }

    static async Task ReceiveAsync(ClientWebSocket socket)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        var result = await socket.ReceiveAsync(new byte[16384], timeout.Token);
        Assert.Equal(WebSocketMessageType.Text, result.MessageType);
    }

    /// <summary>An offset that puts 80 and 9000–9004 (five slots) on ports nobody listens on.</summary>
    static int FreeOffset()
    {
        for (var attempt = 0; attempt < 50; attempt++)
        {
            var offset = Random.Shared.Next(20000, 50000);
            if (new[] { 80, 9000, 9001, 9002, 9003, 9004 }.All(p => IsFree(offset + p))) return offset;
        }
        throw new InvalidOperationException("no free port offset for the load balancer");
    }

    static bool IsFree(int port)
    {
        try { using var listener = new System.Net.Sockets.TcpListener(IPAddress.Any, port); listener.Start(); return true; }
        catch (System.Net.Sockets.SocketException) { return false; }
    }

    public async Task DisposeAsync()
    {
        if (lb is not null) await lb.DisposeAsync();
        foreach (var node in nodes) await node.DisposeAsync();
        http.Dispose();
    }
}
