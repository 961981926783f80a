using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Docker.DotNet.Models;
using Xunit;
using Xunit.Abstractions;

namespace WaveletStack.Tests.Images;

/// <summary>
/// The simulator image answers the Wavelet contract (shared/docs/wavelet-contract.md) from
/// outside its containers: what the stack's agent, load balancer and benchmark rely on.
/// </summary>
[Collection(ImagesCollection.Name)]
public sealed partial class SimulatorContractTests(SimulatorContainers sim, ITestOutputHelper output) : IClassFixture<SimulatorContainers>
{
    static readonly CancellationToken Timeout = new CancellationTokenSource(TimeSpan.FromMinutes(10)).Token;

    [Fact]
    public async Task Ledger_AnswersEveryFieldOfTheContract()
    {
        using var response = await sim.Http.GetAsync($"{sim.Api(1)}/ledger", Timeout);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var ledger = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Timeout)).RootElement;
        output.WriteLine(ledger.ToString());

        Assert.Equal(sim.Keys[0].Public, ledger.GetProperty("public_key").GetString());
        Assert.Equal(sim.PeerAddress(1), ledger.GetProperty("address").GetString());
        foreach (var number in new[] { "num_accounts", "preferred_votes", "num_missing_tx", "num_tx", "num_tx_in_store", "num_accounts_in_store" })
            Assert.Equal(JsonValueKind.Number, ledger.GetProperty(number).ValueKind);
        var block = ledger.GetProperty("block");
        Assert.Matches("^[0-9a-f]+$", block.GetProperty("merkle_root").GetString());
        Assert.Matches("^[0-9a-f]+$", block.GetProperty("id").GetString());
        Assert.Equal(JsonValueKind.Number, block.GetProperty("height").ValueKind);
        Assert.Equal(JsonValueKind.Number, block.GetProperty("transactions").ValueKind);
        Assert.True(ledger.TryGetProperty("preferred", out _));
        Assert.True(ledger.GetProperty("peers").ValueKind is JsonValueKind.Null or JsonValueKind.Array);
        Assert.True(ledger.GetProperty("simulator").GetBoolean());
    }

    [Theory]
    [InlineData("/node/connect", null)]
    [InlineData("/node/disconnect", "wrong-secret")]
    [InlineData("/node/restart", null)]
    public async Task ControlEndpoints_WithoutTheRightBearer_Answer401WithTheBearerChallenge(string path, string? bearer)
    {
        using var response = await sim.PostAsync(1, path, $$"""{"address":"{{sim.PeerAddress(2)}}"}""", bearer, Timeout);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("Unauthorized", (await response.Content.ReadAsStringAsync(Timeout)).Trim());
        Assert.Equal("Bearer realm=Restricted", Assert.Single(response.Headers.WwwAuthenticate).ToString());
    }

    [Theory]
    [InlineData("not json", "error parsing request body: ")]
    [InlineData("{}", "address is missing")]
    public async Task Connect_WithABadBody_Answers400WithTheContractError(string body, string error)
    {
        using var response = await sim.PostAsync(1, "/node/connect", body, SimulatorContainers.Secret, Timeout);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Timeout)).RootElement;
        Assert.Equal("Bad Request", json.GetProperty("status").GetString());
        Assert.StartsWith(error, json.GetProperty("error").GetString());
    }

    [Fact]
    public async Task Connect_ToAPortNothingListensOn_Answers500ErrorConnectingToPeer()
    {
        // Node 2's container, on a port it does not listen on: refused at once.
        using var response = await sim.PostAsync(1, "/node/connect", $$"""{"address":"{{sim.IpOf(2)}}:3999"}""", SimulatorContainers.Secret, Timeout);

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Timeout)).RootElement;
        Assert.Equal("Internal Server Error", json.GetProperty("status").GetString());
        Assert.StartsWith("error connecting to peer: ", json.GetProperty("error").GetString());
    }

    [Fact]
    public async Task ConnectThenDisconnect_AddsThePeerOnBothSidesThenDropsIt()
    {
        await DisconnectQuietly();
        using (var connect = await sim.PostAsync(1, "/node/connect", $$"""{"address":"{{sim.PeerAddress(2)}}"}""", SimulatorContainers.Secret, Timeout))
        {
            Assert.Equal(HttpStatusCode.OK, connect.StatusCode);
            Assert.Equal($"Successfully connected to {sim.PeerAddress(2)}",
                JsonDocument.Parse(await connect.Content.ReadAsStringAsync(Timeout)).RootElement.GetProperty("msg").GetString());
        }
        await Eventually(async () => PeerAddresses(await sim.LedgerAsync(1, Timeout)).Contains(sim.PeerAddress(2)), "node 1 lists node 2");
        await Eventually(async () => PeerAddresses(await sim.LedgerAsync(2, Timeout)).Contains(sim.PeerAddress(1)), "node 2 lists node 1");
        var peer = (await sim.LedgerAsync(1, Timeout)).GetProperty("peers").EnumerateArray().First(p => p.GetProperty("address").GetString() == sim.PeerAddress(2));
        Assert.Equal(sim.Keys[1].Public, peer.GetProperty("public_key").GetString());

        using (var disconnect = await sim.PostAsync(1, "/node/disconnect", $$"""{"address":"{{sim.PeerAddress(2)}}"}""", SimulatorContainers.Secret, Timeout))
        {
            Assert.Equal(HttpStatusCode.OK, disconnect.StatusCode);
            Assert.Equal($"Successfully disconnected from {sim.PeerAddress(2)}",
                JsonDocument.Parse(await disconnect.Content.ReadAsStringAsync(Timeout)).RootElement.GetProperty("msg").GetString());
        }
        await Eventually(async () => !PeerAddresses(await sim.LedgerAsync(1, Timeout)).Contains(sim.PeerAddress(2)), "node 1 drops node 2");

        // Disconnecting an address that is not an outgoing peer answers 500, as on the real node.
        using var again = await sim.PostAsync(1, "/node/disconnect", $$"""{"address":"{{sim.PeerAddress(2)}}"}""", SimulatorContainers.Secret, Timeout);
        Assert.Equal(HttpStatusCode.InternalServerError, again.StatusCode);
        Assert.Contains("not found", await again.Content.ReadAsStringAsync(Timeout));
    }

    [Fact]
    public async Task Benchmark_PrintsTheContractLines_AndTheDatabaseResumesAfterAContainerRestart()
    {
        await DisconnectQuietly();
        using (var connect = await sim.PostAsync(1, "/node/connect", $$"""{"address":"{{sim.PeerAddress(2)}}"}""", SimulatorContainers.Secret, Timeout))
            Assert.Equal(HttpStatusCode.OK, connect.StatusCode);

        var benchmark = sim.Network + "-benchmark";
        string logs;
        try
        {
            await sim.Docker.Containers.CreateContainerAsync(new CreateContainerParameters
            {
                Name = benchmark,
                Image = ImagesFixture.Names.Simulator,
                Entrypoint = ["/benchmark"],
                Cmd = ["remote", "--host", $"{sim.IpOf(1)}:{SimulatorContainers.ApiPort}", "--wallet", sim.Keys[0].Private, "--worker", "1"],
                Labels = new Dictionary<string, string> { ["org.wavelet-stack.test"] = "images" },
                HostConfig = new HostConfig { NetworkMode = sim.Network },
            }, Timeout);
            await sim.Docker.Containers.StartContainerAsync(benchmark, new ContainerStartParameters(), Timeout);
            logs = "";
            await Eventually(async () => BenchmarkLine().IsMatch(logs = WaveletStack.Output.AnsiText.Strip(await sim.LogsAsync(benchmark, Timeout)))
                                         && (await sim.LedgerAsync(1, Timeout)).GetProperty("block").GetProperty("height").GetUInt64() > 0,
                "a benchmark line and a finalised block", TimeSpan.FromSeconds(60));
        }
        finally
        {
            await sim.RemoveContainerAsync(benchmark);
        }
        output.WriteLine(logs);
        Assert.Contains("You're now connected! Using 1 workers", logs);
        Assert.Matches(@"INF Loaded wallet\. privateKey: [0-9a-f]{128} publicKey: [0-9a-f]{64}", logs);

        // Let the last block settle and the database be written, then restart the container.
        await Task.Delay(TimeSpan.FromSeconds(2), Timeout);
        var before = await sim.LedgerAsync(1, Timeout);
        var height = before.GetProperty("block").GetProperty("height").GetUInt64();
        var transactions = before.GetProperty("num_tx").GetInt64();
        var files = await ExecAsync(sim.Name(1), "ls /db");
        foreach (var file in new[] { "CURRENT", "LOCK", "LOG", "MANIFEST-000000", "000001.log" })
            Assert.Contains(file, files.Split('\n', StringSplitOptions.TrimEntries));

        await sim.StartAsync(1, Timeout, restart: true);

        var after = await sim.LedgerAsync(1, Timeout);
        output.WriteLine($"before restart: height {height}, num_tx {transactions}; after: {after.GetProperty("block")}, num_tx {after.GetProperty("num_tx")}");
        Assert.True(after.GetProperty("block").GetProperty("height").GetUInt64() >= height, "the height survives a restart");
        Assert.True(after.GetProperty("num_tx").GetInt64() >= transactions, "the transactions survive a restart");
        Assert.True(transactions > 0);
    }

    [GeneratedRegex(@"INF Benchmarking\.\.\. accepted_tps: [0-9.]+ downloaded_tps: [0-9.]+ gossiped_tps: [0-9.]+ queried_bps: [0-9.]+ " +
                    @"query_latency_max_ms: \d+ query_latency_mean_ms: [0-9.]+ query_latency_min_ms: \d+ received_tps: [0-9.]+")]
    private static partial Regex BenchmarkLine();

    async Task DisconnectQuietly()
    {
        using var _ = await sim.PostAsync(1, "/node/disconnect", $$"""{"address":"{{sim.PeerAddress(2)}}"}""", SimulatorContainers.Secret, Timeout);
    }

    async Task<string> ExecAsync(string container, string command)
    {
        var exec = await sim.Docker.Exec.ExecCreateContainerAsync(container,
            new ContainerExecCreateParameters { Cmd = ["sh", "-c", command], AttachStdout = true, AttachStderr = true }, Timeout);
        using var stream = await sim.Docker.Exec.StartAndAttachContainerExecAsync(exec.ID, false, Timeout);
        var (stdout, stderr) = await stream.ReadOutputToEndAsync(Timeout);
        return stdout + stderr;
    }

    static HashSet<string?> PeerAddresses(JsonElement ledger) =>
        ledger.GetProperty("peers").ValueKind == JsonValueKind.Array
            ? ledger.GetProperty("peers").EnumerateArray().Select(p => p.GetProperty("address").GetString()).ToHashSet()
            : [];

    static async Task Eventually(Func<Task<bool>> condition, string what, TimeSpan? within = null)
    {
        var deadline = DateTime.UtcNow + (within ?? TimeSpan.FromSeconds(15));
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"Waited {(within ?? TimeSpan.FromSeconds(15)).TotalSeconds:0} s for {what}.");
            await Task.Delay(250, Timeout);
        }
    }
}
