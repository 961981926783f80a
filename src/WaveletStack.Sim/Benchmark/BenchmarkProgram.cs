using System.Buffers.Binary;
using System.Net.WebSockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using WaveletStack.Sim.Api;
using WaveletStack.Sim.Cli;
using WaveletStack.Sim.Ledger;
using WaveletStack.Sim.Node;

namespace WaveletStack.Sim.Benchmark;

/// <summary>
/// `/benchmark remote --host ip:port --wallet key [--worker N]`: workers send transfers to the
/// node's `POST /tx/send` while the node's `/poll/metrics` stream is printed once a second in the
/// real benchmark's format.
/// </summary>
internal static class BenchmarkProgram
{
    static readonly Flag[] Flags =
    [
        new("host", "HTTP API address (ip:port) of the node to benchmark."),
        new("wallet", "Path to a file holding a hex private key, or the 128-character hex key itself."),
        new("worker", "Number of workers sending transactions.", Environment.ProcessorCount.ToString()),
        new("sim.max-tps", "SIMULATOR ONLY: at most this many transactions a second from all workers (0: no limit).", "200"),
        new("help", "show help", IsBool: true, Alias: "h"),
    ];

    static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(30);

    static string HelpText => ParsedFlags.Help("benchmark remote --host ip:port --wallet key [--worker N]",
        "benchmark - load generator for a Wavelet node (" + NodeOptions.Banner + ")", Flags);

    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Length == 0 || args[0] is "--help" or "-h" or "help") { Console.WriteLine(HelpText); return args.Length == 0 ? 1 : 0; }
        if (args[0] != "remote")
        {
            Console.Error.WriteLine($"Incorrect Usage. unknown command \"{args[0]}\": the simulator's benchmark knows only `remote`\n\n{HelpText}");
            return 1;
        }

        ParsedFlags flags;
        int workers, maxTps;
        try
        {
            flags = ParsedFlags.Parse(Flags, args[1..], _ => null);
            workers = flags.Int("worker", 1, 1024);
            maxTps = flags.Int("sim.max-tps", 0, 1_000_000);
            if (flags.String("host").Length == 0) throw new UsageException("flag -host is required (the node's HTTP API, ip:port)");
        }
        catch (UsageException e)
        {
            Console.Error.WriteLine($"Incorrect Usage. {e.Message}\n\n{HelpText}");
            return 1;
        }
        if (flags.Bool("help")) { Console.WriteLine(HelpText); return 0; }
        // The real benchmark has no --log.nocolor (it refuses the flag) and always colours its lines.
        Log.Configure(noColor: false, "info");

        var wallet = LoadWallet(flags.String("wallet"));
        if (wallet is null)
        {
            Log.Fatal("--wallet must be a readable file holding a hex private key, or the 128-character hex key itself.");
            return 1;
        }
        Log.Info("Loaded wallet.", ("privateKey", wallet.PrivateKeyHex), ("publicKey", wallet.PublicKeyHex));

        using var stop = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) => { e.Cancel = true; stop.Cancel(); };
        AppDomain.CurrentDomain.ProcessExit += (_, _) => stop.Cancel();

        var host = flags.String("host");
        using var http = new HttpClient { BaseAddress = new Uri($"http://{host}/"), Timeout = TimeSpan.FromSeconds(10) };
        if (!await WaitForNodeAsync(http, stop.Token))
        {
            Log.Fatal("Could not reach the node's HTTP API.", ("host", host), ("timeout", ConnectTimeout.ToString()));
            return 1;
        }
        Log.Info($"You're now connected! Using {workers} workers");

        var perWorker = maxTps == 0 ? TimeSpan.Zero : TimeSpan.FromSeconds((double)workers / maxTps);
        var tasks = Enumerable.Range(0, workers).Select(i => WorkerAsync(http, wallet, i, perWorker, stop.Token)).ToList();
        tasks.Add(PrintMetricsAsync(host, stop.Token));
        await Task.WhenAll(tasks);
        return 0;
    }

    static Wallet? LoadWallet(string value)
    {
        var text = value.Trim();
        try
        {
            if (text.Length > 0 && File.Exists(text)) text = File.ReadAllText(text).Trim();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
        return Wallet.TryFromHex(text);
    }

    static async Task<bool> WaitForNodeAsync(HttpClient http, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow + ConnectTimeout;
        while (DateTime.UtcNow < deadline && !ct.IsCancellationRequested)
        {
            try
            {
                using var response = await http.GetAsync("ledger", ct);
                if (response.IsSuccessStatusCode) return true;
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException) when (!ct.IsCancellationRequested)
            {
            }
            await Task.Delay(1000, ct).ContinueWith(_ => { });
        }
        return false;
    }

    // Each worker sends transfers of 1 to a fixed recipient; on errors it backs off instead of spinning.
    static async Task WorkerAsync(HttpClient http, Wallet wallet, int worker, TimeSpan interval, CancellationToken ct)
    {
        var recipient = SHA256.HashData(Encoding.UTF8.GetBytes($"wavelet-sim benchmark recipient {worker % 4}"));
        var privateKey = Convert.FromHexString(wallet.PrivateKeyHex);
        var sequence = 0UL;
        while (!ct.IsCancellationRequested)
        {
            var started = DateTime.UtcNow;
            var payload = new byte[48];
            recipient.CopyTo(payload, 0);
            BinaryPrimitives.WriteUInt64LittleEndian(payload.AsSpan(32), 1);
            BinaryPrimitives.WriteUInt64LittleEndian(payload.AsSpan(40), ++sequence);
            var signature = HMACSHA512.HashData(privateKey, payload);
            var request = new TxSendRequest(wallet.PublicKeyHex, 1, Convert.ToHexStringLower(payload), Convert.ToHexStringLower(signature));
            var delay = interval - (DateTime.UtcNow - started);
            try
            {
                using var content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(request, SimJson.Default.TxSendRequest));
                using var response = await http.PostAsync("tx/send", content, ct);
                if (!response.IsSuccessStatusCode) delay = TimeSpan.FromSeconds(1);
                else delay = interval - (DateTime.UtcNow - started);
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
            {
                delay = TimeSpan.FromSeconds(1);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            if (delay > TimeSpan.Zero) await Task.Delay(delay, ct).ContinueWith(_ => { });
        }
    }

    static async Task PrintMetricsAsync(string host, CancellationToken ct)
    {
        var buffer = new byte[4096];
        while (!ct.IsCancellationRequested)
        {
            using var socket = new ClientWebSocket();
            try
            {
                await socket.ConnectAsync(new Uri($"ws://{host}/poll/metrics"), ct);
                while (socket.State == WebSocketState.Open)
                {
                    var result = await socket.ReceiveAsync(buffer, ct);
                    if (result.MessageType == WebSocketMessageType.Close) break;
                    var sample = JsonSerializer.Deserialize(buffer.AsSpan(0, result.Count), SimJson.Default.MetricsSample);
                    if (sample is not null) PrintSample(sample);
                }
            }
            catch (Exception e) when (e is WebSocketException or JsonException or HttpRequestException)
            {
                Log.Warn("Lost the node's metrics stream; reconnecting.", ("error", e.Message));
            }
            catch (OperationCanceledException)
            {
                return;
            }
            await Task.Delay(1000, ct).ContinueWith(_ => { });
        }
    }

    internal static void PrintSample(MetricsSample m) => Log.Info("Benchmarking...",
        ("accepted_tps", m.AcceptedMean),
        ("downloaded_tps", m.DownloadedMean),
        ("gossiped_tps", m.GossipedMean),
        ("queried_bps", m.QueriedMean),
        ("query_latency_max_ms", m.QueryLatencyMaxMs),
        ("query_latency_mean_ms", m.QueryLatencyMeanMs),
        ("query_latency_min_ms", m.QueryLatencyMinMs),
        ("received_tps", m.ReceivedMean));
}
