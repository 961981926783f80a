using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Text.Json;

namespace WaveletStack.Sim.Tests;

/// <summary>
/// A wavelet-sim process on loopback (the build output, not the NativeAOT binary, for speed),
/// with free ports, its output captured and its stdin held open as the stack's agent does.
/// </summary>
internal sealed class SimProcess : IAsyncDisposable
{
    public static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(45); // a bound for a loaded 2-core machine, not a speed claim
    readonly Process process;
    readonly ConcurrentQueue<string> lines = new();
    readonly ConcurrentQueue<string> rawLines = new();
    readonly ConcurrentQueue<string> stdoutLines = new();

    SimProcess(Process process, int p2pPort, int apiPort)
    {
        this.process = process;
        P2pPort = p2pPort;
        ApiPort = apiPort;
        Http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{apiPort}/"), Timeout = TimeSpan.FromSeconds(10) };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) stdoutLines.Enqueue(e.Data); Add(e.Data); };
        process.ErrorDataReceived += (_, e) => Add(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public int P2pPort { get; }
    public int ApiPort { get; }
    public string P2pAddress => $"127.0.0.1:{P2pPort}";
    public string ApiAddress => $"127.0.0.1:{ApiPort}";
    public HttpClient Http { get; }
    /// <summary>Output lines without ANSI colour codes (the benchmark, like the real one, always colours).</summary>
    public IReadOnlyCollection<string> Lines => lines;
    /// <summary>Standard output only, as printed.</summary>
    public IReadOnlyCollection<string> StdoutLines => stdoutLines;
    /// <summary>Output lines as printed, colour codes included.</summary>
    public IReadOnlyCollection<string> RawLines => rawLines;
    public bool HasExited => process.HasExited;
    public int ExitCode => process.ExitCode;
    public StreamWriter Stdin => process.StandardInput;

    void Add(string? line)
    {
        if (line is null) return;
        rawLines.Enqueue(line);
        lines.Enqueue(Ansi.Strip(line));
    }

    /// <summary>Starts `wavelet-sim node` with free ports and waits until its API answers.</summary>
    public static async Task<SimProcess> StartNodeAsync(string secret = "", string[]? extra = null, int k = 2, string? db = null,
        IDictionary<string, string>? env = null)
    {
        var p2p = FreePort();
        var api = FreePort();
        var args = new List<string> { "node", "--port", p2p.ToString(), "--api.port", api.ToString(), "--log.nocolor", "--sys.snowball.k", k.ToString() };
        if (secret.Length > 0) args.AddRange(["--api.secret", secret]);
        if (db is not null) args.AddRange(["--db", db]);
        args.AddRange(extra ?? []);
        var sim = Start(args, env, p2p, api);
        await sim.WaitUntilAnsweringAsync();
        return sim;
    }

    /// <summary>Starts wavelet-sim with the given arguments (not waiting for anything).</summary>
    public static SimProcess Start(IEnumerable<string> args, IDictionary<string, string>? env = null, int p2pPort = 0, int apiPort = 0) =>
        StartExecutable(Binary, args, env, p2pPort, apiPort);

    /// <summary>
    /// The build output by default; WAVELET_SIM_BINARY runs the same tests against another build
    /// (the published NativeAOT binary, where reflection-free JSON and trimming could differ).
    /// </summary>
    public static string Binary =>
        Environment.GetEnvironmentVariable("WAVELET_SIM_BINARY") is { Length: > 0 } path ? path : Path.Combine(AppContext.BaseDirectory, "wavelet-sim");

    public static SimProcess StartExecutable(string path, IEnumerable<string> args, IDictionary<string, string>? env = null, int p2pPort = 0, int apiPort = 0)
    {
        var info = new ProcessStartInfo(path)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in args) info.ArgumentList.Add(arg);
        foreach (var (key, value) in env ?? new Dictionary<string, string>()) info.Environment[key] = value;
        return new SimProcess(Process.Start(info)!, p2pPort, apiPort);
    }

    /// <summary>Waits for a process expected to end by itself (bad input, --help); its output is then complete.</summary>
    public async Task<int> WaitForExitAsync()
    {
        using var timeout = new CancellationTokenSource(StartTimeout);
        await process.WaitForExitAsync(timeout.Token); // also drains the output readers
        return process.ExitCode;
    }

    public async Task WaitUntilAnsweringAsync()
    {
        await Eventually.TrueAsync(async () =>
        {
            if (process.HasExited) throw new InvalidOperationException($"wavelet-sim exited ({process.ExitCode}):\n{Output}");
            try
            {
                using var response = await Http.GetAsync("ledger");
                return response.IsSuccessStatusCode;
            }
            catch (HttpRequestException)
            {
                return false;
            }
        }, StartTimeout, () => "wavelet-sim did not answer GET /ledger:\n" + Output);
    }

    public async Task<JsonElement> LedgerAsync()
    {
        var text = await Http.GetStringAsync("ledger");
        return JsonDocument.Parse(text).RootElement;
    }

    public async Task<ulong> HeightAsync() => (await LedgerAsync()).GetProperty("block").GetProperty("height").GetUInt64();

    public async Task<string[]> PeerAddressesAsync()
    {
        var peers = (await LedgerAsync()).GetProperty("peers");
        return peers.ValueKind == JsonValueKind.Null ? [] : peers.EnumerateArray().Select(p => p.GetProperty("address").GetString()!).ToArray();
    }

    public Task<HttpResponseMessage> PostAsync(string path, string body, string? bearer)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(body) };
        if (bearer is not null) request.Headers.Authorization = new("Bearer", bearer);
        return Http.SendAsync(request);
    }

    public async Task SendTransactionsAsync(int count)
    {
        for (var i = 0; i < count; i++)
        {
            var body = $$"""{"sender":"{{new string('a', 64)}}","tag":1,"payload":"{{i:x2}}","signature":"{{new string('b', 128)}}"}""";
            using var response = await Http.PostAsync("tx/send", new StringContent(body));
            response.EnsureSuccessStatusCode();
        }
    }

    public Task WaitForLineAsync(Func<string, bool> match, TimeSpan timeout) =>
        Eventually.TrueAsync(() => Task.FromResult(lines.Any(match)), timeout, () => "expected line not printed:\n" + Output);

    public string Output => string.Join("\n", lines);

    public void Kill() => process.Kill(entireProcessTree: true);

    /// <summary>SIGSTOP / SIGCONT: the process is frozen (its sockets stay open, it sends nothing), as the agent does to a leaving node.</summary>
    public void Freeze() => SysKill(process.Id, 19);
    public void Thaw() => SysKill(process.Id, 18);

    /// <summary>SIGTERM, as `docker stop` sends; waits for the exit.</summary>
    public async Task StopAsync()
    {
        if (process.HasExited) return;
        _ = SysKill(process.Id, 15);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await process.WaitForExitAsync(timeout.Token);
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await process.WaitForExitAsync(timeout.Token);
        }
        process.Dispose();
        Http.Dispose();
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    [DllImport("libc", EntryPoint = "kill")]
    static extern int SysKill(int pid, int signal);
}

internal static partial class Ansi
{
    /// <summary>The text without SGR colour sequences (ESC [ … m), as the node and benchmark print them.</summary>
    public static string Strip(string line) => Sgr().Replace(line, "");

    [System.Text.RegularExpressions.GeneratedRegex("\u001b\\[[0-9;]*m")]
    private static partial System.Text.RegularExpressions.Regex Sgr();
}

internal static class Eventually
{
    /// <summary>Polls until the condition holds; fails with `describe()` when the deadline passes.</summary>
    public static async Task TrueAsync(Func<Task<bool>> condition, TimeSpan timeout, Func<string> describe)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            if (await condition()) return;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"after {timeout.TotalSeconds}s: {describe()}");
            await Task.Delay(100);
        }
    }
}
