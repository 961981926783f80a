using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using WaveletStack.Agent.Node;

namespace WaveletStack.Agent.Tests.Integration;

/// <summary>
/// `wavelet-agent` (the build output) run as a normal process under its own WAVELET_AGENT_ROOT,
/// where /wavelet and /benchmark are links to the Wavelet simulator (the stand-in for the real
/// node, named after it so `pgrep -x wavelet` finds it) or to a given stand-in.
/// </summary>
public sealed class AgentProcess : IAsyncDisposable
{
    /// <summary>The agent as built in its own project (WAVELET_AGENT_BINARY: another build, e.g. the NativeAOT one).</summary>
    public static string AgentBinary => Environment.GetEnvironmentVariable("WAVELET_AGENT_BINARY") is { Length: > 0 } path
        ? path : BuildOutput("WaveletStack.Agent", "wavelet-agent");

    public static string SimulatorBinary => BuildOutput("WaveletStack.Sim", "wavelet-sim");

    /// <summary>
    /// A program in its own project's output (bin/&lt;configuration&gt;/net10.0), not the copy in this
    /// test folder, where the two programs' dependency lists do not fit together.
    /// </summary>
    static string BuildOutput(string project, string program)
    {
        var tests = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd('/')); // tests/<project>/bin/<configuration>/net10.0
        var configuration = tests.Parent!.Name;
        var repository = tests.Parent.Parent!.Parent!.Parent!.Parent!.FullName;
        var path = Path.Combine(repository, "src", project, "bin", configuration, tests.Name, program);
        return File.Exists(path) ? path : throw new FileNotFoundException($"{path} is missing; build the solution first", path);
    }

    readonly Process process;
    readonly ConcurrentQueue<string> lines = new();
    readonly HttpClient http;

    public TempRoot Root { get; }
    public int Slot { get; }
    public int ApiPort { get; }
    public int RpcPort { get; }
    public string Advertised => $"127.0.0.1:{RpcPort}";
    public int Pid => process.Id;
    public bool HasExited => process.HasExited;
    public string Output => string.Join('\n', lines);

    AgentProcess(Process process, TempRoot root, int slot, int apiPort, int rpcPort)
    {
        (this.process, Root, Slot, ApiPort, RpcPort) = (process, root, slot, apiPort, rpcPort);
        http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{apiPort}"), Timeout = TimeSpan.FromSeconds(2) };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lines.Enqueue(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lines.Enqueue(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    /// <summary>
    /// Starts a node agent for <paramref name="slot"/> on free loopback ports (its API and RPC port
    /// set through the test hooks), with a short lease so expiry can be watched.
    /// </summary>
    public static async Task<AgentProcess> StartNodeAsync(EtcdServer etcd, int slot, string? wavelet = null,
        IReadOnlyDictionary<string, string>? env = null, TempRoot? root = null, int leaseTtl = 3)
    {
        root ??= new TempRoot();
        PrepareRoot(root, wavelet);
        int api = FreePort.Next(), rpc = FreePort.Next();
        var environment = new Dictionary<string, string>
        {
            ["WAVELET_NODE_ID"] = slot.ToString(),
            ["WAVELET_SYNC"] = etcd.Endpoint,
            ["WAVELET_NODE_IP"] = "127.0.0.1",
            ["WAVELET_AGENT_API_PORT"] = api.ToString(),
            ["WAVELET_AGENT_RPC_PORT"] = rpc.ToString(),
            ["WAVELET_AGENT_LEASE_TTL"] = leaseTtl.ToString(),
        };
        foreach (var (name, value) in env ?? new Dictionary<string, string>()) environment[name] = value;
        return new AgentProcess(Start(root, "node", environment), root, slot, api, rpc);
    }

    /// <summary>Starts the agent in any mode under a fresh root.</summary>
    public static AgentProcess StartMode(string mode, IReadOnlyDictionary<string, string> env)
    {
        var root = new TempRoot();
        PrepareRoot(root, null);
        return new AgentProcess(Start(root, mode, env), root, 0, 0, 0);
    }

    static void PrepareRoot(TempRoot root, string? wavelet)
    {
        var keys = root.Paths.DefaultKeys;
        Directory.CreateDirectory(Path.GetDirectoryName(keys)!);
        File.Copy(Path.Combine(AppContext.BaseDirectory, "default-keys.csv"), keys, overwrite: true);
        if (!Path.Exists(root.Paths.Wavelet)) File.CreateSymbolicLink(root.Paths.Wavelet, wavelet ?? SimulatorBinary);
        if (!Path.Exists(root.Paths.Benchmark)) File.CreateSymbolicLink(root.Paths.Benchmark, SimulatorBinary);
    }

    static Process Start(TempRoot root, string mode, IReadOnlyDictionary<string, string> env)
    {
        var info = new ProcessStartInfo(AgentBinary, [mode])
        {
            UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true,
        };
        info.Environment["WAVELET_AGENT_ROOT"] = root.Root;
        foreach (var (name, value) in env) info.Environment[name] = value;
        return Process.Start(info)!;
    }

    /// <summary>The addresses the node's /ledger lists as peers (empty while it does not answer).</summary>
    public async Task<IReadOnlySet<string>> LedgerPeersAsync()
    {
        try
        {
            using var ledger = JsonDocument.Parse(await http.GetStringAsync("/ledger"));
            return WaveletApi.ParsePeers(ledger.RootElement);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException) { return new HashSet<string>(); }
    }

    public async Task<bool> AnswersAsync()
    {
        try { using var response = await http.GetAsync("/ledger"); return response.IsSuccessStatusCode; }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException) { return false; }
    }

    /// <summary>The pid of the agent's child named <paramref name="name"/>, as `pgrep -x` would find it.</summary>
    public int? ChildPid(string name = "wavelet")
    {
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid)) continue;
            string stat;
            try { stat = File.ReadAllText(Path.Combine(dir, "stat")); } catch (IOException) { continue; }
            var open = stat.IndexOf('(');
            var close = stat.LastIndexOf(')');
            var fields = stat[(close + 2)..].Split(' ');
            if (stat[(open + 1)..close] == name && fields[0] != "Z" && fields[1] == process.Id.ToString()) return pid;
        }
        return null;
    }

    /// <summary>The agent's resident memory now and at its peak, from /proc.</summary>
    public string Memory() => string.Join(", ", File.ReadLines($"/proc/{process.Id}/status")
        .Where(l => l.StartsWith("VmRSS:") || l.StartsWith("VmHWM:")).Select(l => string.Join(' ', l.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))));

    /// <param name="signal">SIGTERM (a stop), or SIGUSR1 (a retirement: a scale-down).</param>
    public async Task<int> TerminateAsync(TimeSpan timeout, int signal = WaveletStack.Agent.Processes.Signals.SIGTERM)
    {
        WaveletStack.Agent.Processes.Signals.Send(process.Id, signal);
        using var cts = new CancellationTokenSource(timeout);
        await process.WaitForExitAsync(cts.Token);
        return process.ExitCode;
    }

    /// <summary>SIGKILL for the agent and its child: a container that vanished without a goodbye.</summary>
    public async Task KillAsync()
    {
        var child = ChildPid();
        if (!process.HasExited) process.Kill();
        if (child is { } pid) try { Process.GetProcessById(pid).Kill(); } catch (ArgumentException) { }
        KillStragglers();
        // Bounded: a process left holding the agent's output would otherwise keep this waiting for ever.
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await process.WaitForExitAsync(timeout.Token);
    }

    /// <summary>Any process still running a program of this agent's root (an orphaned /wavelet, frozen or not).</summary>
    void KillStragglers()
    {
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid)) continue;
            try
            {
                if (File.ReadAllText(Path.Combine(dir, "cmdline")).StartsWith(Root.Root, StringComparison.Ordinal))
                    Process.GetProcessById(pid).Kill();
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or InvalidOperationException) { }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            try { await TerminateAsync(TimeSpan.FromSeconds(15)); }
            catch (OperationCanceledException) { await KillAsync(); }
        }
        process.Dispose();
        http.Dispose();
        Root.Dispose();
    }
}
