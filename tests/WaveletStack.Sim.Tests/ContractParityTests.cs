using System.Diagnostics;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Xunit.Abstractions;

namespace WaveletStack.Sim.Tests;

/// <summary>
/// The same contract checks (docs: wavelet-contract.md) against the simulator and against the real
/// upstream binaries, as host processes on loopback. Where they differ, the real node is right.
/// </summary>
public abstract class ContractParityTests(ITestOutputHelper output)
{
    const string Secret = "parity-secret";
    static readonly TimeSpan Soon = TimeSpan.FromSeconds(15);

    /// <summary>A key of the project's default keys (they pass the static puzzle) and one the real node refuses.</summary>
    protected static readonly string NodeKey = DefaultKey(1);
    protected static readonly string BenchmarkKey = DefaultKey(2);
    protected static readonly string ThirdKey = DefaultKey(3);
    /// <summary>How long "still listed" is watched: the real node keeps a dead peer for minutes; a few seconds tell it from a goodbye.</summary>
    static readonly TimeSpan AWhile = TimeSpan.FromSeconds(3);
    const string FailingKey =
        "28ee3c9d983d97869a52575b53ac3549258b66637c95188f5e39e29b989bd92400cfa30d79de3e9302b4fa526ed58f75d9bf7748809f8b684dab61140784575c";

    /// <summary>The node program and the words before its flags.</summary>
    protected abstract (string Path, string[] Prefix) Node { get; }
    protected abstract (string Path, string[] Prefix) Benchmark { get; }
    protected ITestOutputHelper Output => output;

    SimProcess StartNode(params string[] args) => SimProcess.StartExecutable(Node.Path, [.. Node.Prefix, .. args]);

    async Task<SimProcess> StartAnsweringNodeAsync(string wallet)
    {
        var p2p = SimProcess.FreePort();
        var api = SimProcess.FreePort();
        var node = SimProcess.StartExecutable(Node.Path,
            [.. Node.Prefix, "--host", "127.0.0.1", "--port", p2p.ToString(), "--api.port", api.ToString(), "--db", "", "--log.nocolor",
             "--api.secret", Secret, "--wallet", wallet], null, p2p, api);
        await node.WaitUntilAnsweringAsync();
        return node;
    }

    [Fact]
    public async Task Help_ListsTheContractsFlags()
    {
        await using var help = StartNode("--help");
        Assert.Equal(0, await help.WaitForExitAsync());

        string[] flags = ["--host", "--port", "--api.port", "--api.host", "--api.certs", "--api.secret", "--wallet", "--genesis", "--db",
            "--memory.max", "--sys.snowball.k", "--sys.snowball.beta", "--update-url", "--loglevel", "--log.nocolor"];
        Assert.All(flags, flag => Assert.Contains(help.Lines, l => Regex.IsMatch(l, $@"^\s*{Regex.Escape(flag)}[ ,]")));
    }

    [Fact]
    public async Task Ledger_HasTheContractsFields()
    {
        await using var node = await StartAnsweringNodeAsync(NodeKey);

        var ledger = await node.LedgerAsync();

        Assert.Equal(NodeKey[64..], ledger.GetProperty("public_key").GetString());
        Assert.Equal(node.P2pAddress, ledger.GetProperty("address").GetString());
        foreach (var field in new[] { "num_accounts", "preferred_votes", "num_missing_tx", "num_tx", "num_tx_in_store", "num_accounts_in_store" })
            Assert.Equal(JsonValueKind.Number, ledger.GetProperty(field).ValueKind);
        var block = ledger.GetProperty("block");
        Assert.Equal(JsonValueKind.String, block.GetProperty("merkle_root").ValueKind);
        Assert.Equal(JsonValueKind.String, block.GetProperty("id").ValueKind);
        Assert.Equal(0UL, block.GetProperty("height").GetUInt64());
        Assert.Equal(JsonValueKind.Number, block.GetProperty("transactions").ValueKind);
        Assert.True(ledger.TryGetProperty("preferred", out _));
        Assert.Equal(JsonValueKind.Null, ledger.GetProperty("peers").ValueKind);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("wrong")]
    public async Task Connect_WithoutTheSecret_Is401BearerRestricted(string? bearer)
    {
        await using var node = await StartAnsweringNodeAsync(NodeKey);

        using var response = await node.PostAsync("node/connect", """{"address":"127.0.0.1:1"}""", bearer);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Bearer realm=Restricted", string.Join(",", response.Headers.GetValues("WWW-Authenticate")));
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("Unauthorized", (await response.Content.ReadAsStringAsync()).Trim());
    }

    [Fact]
    public async Task Connect_WithBadBodies_Is400WithTheContractsErrors()
    {
        await using var node = await StartAnsweringNodeAsync(NodeKey);

        var (status, body) = await PostJsonAsync(node, "node/connect", "{}");
        Assert.Equal((HttpStatusCode.BadRequest, "Bad Request", "address is missing"), (status, body.GetProperty("status").GetString(), body.GetProperty("error").GetString()));

        (status, body) = await PostJsonAsync(node, "node/connect", "not json");
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.StartsWith("error parsing request body:", body.GetProperty("error").GetString());
    }

    [Fact]
    public async Task Connect_ToAnAddressNobodyListensOn_Is500()
    {
        await using var node = await StartAnsweringNodeAsync(NodeKey);

        var (status, body) = await PostJsonAsync(node, "node/connect", $$"""{"address":"127.0.0.1:{{SimProcess.FreePort()}}"}""");

        Assert.Equal(HttpStatusCode.InternalServerError, status);
        Assert.Equal("Internal Server Error", body.GetProperty("status").GetString());
        Assert.StartsWith("error connecting to peer:", body.GetProperty("error").GetString());
    }

    /// <summary>
    /// After a freeze, time for the requests the frozen node had already sent to be answered: the
    /// real node lists a peer again after each request it serves from it.
    /// </summary>
    static readonly TimeSpan Drain = TimeSpan.FromMilliseconds(500);

    [Fact]
    public async Task ConnectThenDisconnect_OverALiveOutgoingLink_AnswersTheContractsMessages_AndRemovesThePeer()
    {
        await using var a = await StartAnsweringNodeAsync(NodeKey);
        await using var b = await StartAnsweringNodeAsync(BenchmarkKey);

        var (status, body) = await PostJsonAsync(a, "node/connect", $$"""{"address":"{{b.P2pAddress}}"}""");
        Assert.Equal((HttpStatusCode.OK, $"Successfully connected to {b.P2pAddress}"), (status, body.GetProperty("msg").GetString()));
        await Eventually.TrueAsync(async () => (await a.PeerAddressesAsync()).Contains(b.P2pAddress), Soon, () => a.Output);

        // B frozen, as a leaving node is (Departure): a live B dials A again at once and is re-listed.
        b.Freeze();
        await Task.Delay(Drain);
        (status, body) = await PostJsonAsync(a, "node/disconnect", $$"""{"address":"{{b.P2pAddress}}"}""");
        Assert.Equal((HttpStatusCode.OK, $"Successfully disconnected from {b.P2pAddress}"), (status, body.GetProperty("msg").GetString()));
        await Eventually.TrueAsync(async () => !(await a.PeerAddressesAsync()).Contains(b.P2pAddress), TimeSpan.FromSeconds(5), () => a.Output);
        await Task.Delay(AWhile);
        Assert.DoesNotContain(b.P2pAddress, await a.PeerAddressesAsync());
        b.Thaw();
    }

    /// <summary>
    /// The dialled node dials back (the real node dials every peer in its table, ClosestPeers, every
    /// 100 ms to 1 s), so it is "incoming-only" for a moment at most; then it can disconnect the
    /// dialler, which, frozen as a leaving node is, cannot dial in again.
    /// </summary>
    [Fact]
    public async Task DialledNode_DialsBack_AndCanThenDisconnectTheDialler()
    {
        await using var a = await StartAnsweringNodeAsync(NodeKey);
        await using var b = await StartAnsweringNodeAsync(BenchmarkKey);
        var (status, _) = await PostJsonAsync(a, "node/connect", $$"""{"address":"{{b.P2pAddress}}"}""");
        Assert.Equal(HttpStatusCode.OK, status);
        await Eventually.TrueAsync(async () => (await b.PeerAddressesAsync()).Contains(a.P2pAddress), Soon, () => b.Output);
        await Task.Delay(TimeSpan.FromSeconds(2)); // B's dial back
        a.Freeze();
        await Task.Delay(Drain);

        await Eventually.TrueAsync(async () => (await PostJsonAsync(b, "node/disconnect", $$"""{"address":"{{a.P2pAddress}}"}""")).Status == HttpStatusCode.OK,
            Soon, () => b.Output);

        Assert.DoesNotContain(a.P2pAddress, await b.PeerAddressesAsync());
        await Task.Delay(AWhile);
        Assert.DoesNotContain(a.P2pAddress, await b.PeerAddressesAsync());
        a.Thaw();
    }

    [Fact]
    public async Task KilledPeer_StaysListedOnTheOtherSide_WhetherDialledOrDialling_AndCannotBeDisconnected()
    {
        await using var a = await StartAnsweringNodeAsync(NodeKey);
        await using var b = await StartAnsweringNodeAsync(BenchmarkKey);
        await using var c = await StartAnsweringNodeAsync(ThirdKey);
        // b is dialled by a (a holds an outgoing connection to it) and dials c (c has it only as incoming).
        Assert.Equal(HttpStatusCode.OK, (await PostJsonAsync(a, "node/connect", $$"""{"address":"{{b.P2pAddress}}"}""")).Status);
        Assert.Equal(HttpStatusCode.OK, (await PostJsonAsync(b, "node/connect", $$"""{"address":"{{c.P2pAddress}}"}""")).Status);
        await Eventually.TrueAsync(async () => (await a.PeerAddressesAsync()).Contains(b.P2pAddress)
            && (await c.PeerAddressesAsync()).Contains(b.P2pAddress), Soon, () => a.Output + "\n" + c.Output);

        b.Kill(); // SIGKILL: nothing on the wire
        await b.WaitForExitAsync();
        await Task.Delay(AWhile);

        Assert.Contains(b.P2pAddress, await a.PeerAddressesAsync());
        Assert.Contains(b.P2pAddress, await c.PeerAddressesAsync());
        // a's outgoing connection to b is no longer live, so a cannot disconnect b either.
        var (status, body) = await PostJsonAsync(a, "node/disconnect", $$"""{"address":"{{b.P2pAddress}}"}""");
        Assert.Equal(HttpStatusCode.InternalServerError, status);
        Assert.Equal($"error disconnecting from peer: could not disconnect peer: peer with address {b.P2pAddress} not found",
            body.GetProperty("error").GetString());
        Assert.Contains(b.P2pAddress, await a.PeerAddressesAsync());
    }

    [Fact]
    public async Task Wallet_FailingTheStaticPuzzle_StopsTheNodeWithExit1()
    {
        await using var node = StartNode("--port", SimProcess.FreePort().ToString(), "--api.port", SimProcess.FreePort().ToString(),
            "--db", "", "--log.nocolor", "--wallet", FailingKey);

        Assert.Equal(1, await node.WaitForExitAsync());
        // On stdout, and coloured even with --log.nocolor: the real node applies that flag only once it is up.
        Assert.Contains(node.StdoutLines, l => l.Contains('\u001b'));
        Assert.Contains(node.StdoutLines.Select(Ansi.Strip), l => l.EndsWith(
            "FTL Failed to parse configuration/command-line arguments. error: \"the wallet specified is invalid: keys are invalid: " +
            "failed to pass static puzzle as prefix length of checksum is 0, yet c1 is 1\""));
    }

    [Fact]
    public async Task NoColor_TakesEffectOnlyOnceTheNodeIsUp()
    {
        await using var node = await StartAnsweringNodeAsync(NodeKey); // with --log.nocolor
        await node.WaitForLineAsync(l => l.Contains("Started HTTP API server."), Soon);

        Assert.Contains(node.RawLines, l => l.Contains("\u001b[32mINF\u001b[0m Listening for peers."));
        Assert.Contains(node.RawLines, l => l.Contains("\u001b[32mINF\u001b[0m Started HTTP API server."));
        await Task.Delay(1500); // the real node then warns about having no peers every second
        Assert.All(node.RawLines.SkipWhile(l => !l.Contains("Started HTTP API server.")).Skip(1), l => Assert.DoesNotContain('\u001b', l));
    }

    [Fact]
    public async Task Benchmark_AgainstOneNode_PrintsTheContractsLines()
    {
        await using var node = await StartAnsweringNodeAsync(NodeKey);
        await using var bench = SimProcess.StartExecutable(Benchmark.Path, [.. Benchmark.Prefix, "remote", "--host", node.ApiAddress, "--wallet", BenchmarkKey]);

        const string Float = @"-?\d+(\.\d+)?";
        var line = new Regex($@"INF Benchmarking\.\.\. accepted_tps: {Float} downloaded_tps: {Float} gossiped_tps: {Float} queried_bps: {Float} " +
            $@"query_latency_max_ms: \d+ query_latency_mean_ms: {Float} query_latency_min_ms: \d+ received_tps: {Float}$");
        await bench.WaitForLineAsync(line.IsMatch, Soon);

        Assert.Contains(bench.Lines, l => l.EndsWith($"INF Loaded wallet. privateKey: {BenchmarkKey} publicKey: {BenchmarkKey[64..]}"));
        Assert.Contains(bench.Lines, l => l.Contains("You're now connected! Using"));
        Assert.Contains(bench.RawLines, l => l.Contains("\u001b[")); // it colours, with no flag to stop it
    }

    static async Task<(HttpStatusCode Status, JsonElement Body)> PostJsonAsync(SimProcess node, string path, string body)
    {
        using var response = await node.PostAsync(path, body, Secret);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        return (response.StatusCode, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone());
    }

    static string DefaultKey(int node) =>
        File.ReadLines(Path.Combine(RepositoryRoot(), "nodes", "wavelet-stack-node", "default-keys.csv"))
            .Where(l => l.Length > 0 && !l.StartsWith('#')).ElementAt(node - 1).Split(' ')[0];

    internal static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "WaveletStack.slnx"))) return dir.FullName;
        throw new InvalidOperationException("The repository root (WaveletStack.slnx) was not found above " + AppContext.BaseDirectory);
    }
}

public sealed class SimulatorContractParityTests(ITestOutputHelper output) : ContractParityTests(output)
{
    protected override (string Path, string[] Prefix) Node => (SimProcess.Binary, ["node"]);
    protected override (string Path, string[] Prefix) Benchmark => (SimProcess.Binary, ["benchmark"]);
}

/// <summary>
/// The real upstream binaries: from WAVELET_REAL_BINARIES (a folder), else ../shared/real-wavelet/
/// beside the repository. Missing binaries fail these tests (never a silent skip).
/// </summary>
public sealed class RealNodeContractParityTests : ContractParityTests
{
    public RealNodeContractParityTests(ITestOutputHelper output) : base(output)
    {
        var wavelet = WaveletStack.Testing.RealWaveletPrograms.Wavelet;
        var benchmark = WaveletStack.Testing.RealWaveletPrograms.Benchmark;
        Node = (wavelet, []);
        Benchmark = (benchmark, []);
        output.WriteLine($"real node: {wavelet}\n{Version(wavelet)}\nreal benchmark: {benchmark}\n{Version(benchmark)}");
    }

    protected override (string Path, string[] Prefix) Node { get; }
    protected override (string Path, string[] Prefix) Benchmark { get; }

    static string Version(string path)
    {
        using var process = Process.Start(new ProcessStartInfo(path, "--version") { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var text = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
        if (!process.WaitForExit(10_000)) process.Kill();
        return text.Trim();
    }
}
