using System.Diagnostics;
using WaveletStack.Agent.Etcd;

namespace WaveletStack.Agent.Tests.Integration;

/// <summary>
/// A real etcd (Debian's etcd-server) on free loopback ports with a throw-away data folder; one
/// per test class. Fails loudly when etcd is not installed (`apt-get install -y etcd-server`).
/// </summary>
public sealed class EtcdServer : IAsyncLifetime
{
    readonly string folder = Directory.CreateTempSubdirectory("wst-agent-etcd-").FullName;
    Process? process;

    public string Endpoint { get; private set; } = "";
    public EtcdStore Client { get; private set; } = null!;

    int client, peer;

    public async Task InitializeAsync()
    {
        client = FreePort.Next();
        peer = FreePort.Next();
        Endpoint = $"http://127.0.0.1:{client}";
        Client = new EtcdStore(Endpoint);
        await StartAsync();
    }

    /// <summary>What the stack's sync service does when it is killed: etcd comes back on the same address with no data.</summary>
    public async Task RestartEmptyAsync()
    {
        process!.Kill();
        await process.WaitForExitAsync();
        process.Dispose();
        Directory.Delete(Path.Combine(folder, "data"), recursive: true);
        await StartAsync();
    }

    async Task StartAsync()
    {
        var binary = new[] { "/usr/bin/etcd", "/usr/local/bin/etcd" }.FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException("etcd is not installed; the agent's integration tests need it: apt-get install -y etcd-server");
        var info = new ProcessStartInfo(binary) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[]
                 {
                     "--name", "wst-agent-test", "--data-dir", Path.Combine(folder, "data"),
                     "--listen-client-urls", $"http://127.0.0.1:{client}", "--advertise-client-urls", $"http://127.0.0.1:{client}",
                     "--listen-peer-urls", $"http://127.0.0.1:{peer}", "--initial-advertise-peer-urls", $"http://127.0.0.1:{peer}",
                     "--initial-cluster", $"wst-agent-test=http://127.0.0.1:{peer}",
                 })
            info.ArgumentList.Add(arg);
        process = Process.Start(info)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await Eventually.HoldsAsync(async () =>
        {
            if (process!.HasExited) throw new InvalidOperationException($"etcd exited with code {process.ExitCode}");
            try { await Client.GetPrefixAsync("/", CancellationToken.None); return true; }
            catch (Grpc.Core.RpcException) { return false; }
        }, TimeSpan.FromSeconds(20), () => $"etcd at {Endpoint} does not answer");
    }

    public async Task<Dictionary<string, string>> GetAsync(string prefix) => (await Client.GetPrefixAsync(prefix, CancellationToken.None)).Values;

    public Task PutAsync(string key, string value) => Client.PutAsync(key, value, 0, CancellationToken.None);

    public async Task DisposeAsync()
    {
        Client?.Dispose();
        if (process is { HasExited: false }) { process.Kill(); await process.WaitForExitAsync(); }
        process?.Dispose();
        try { Directory.Delete(folder, true); } catch (IOException) { }
    }
}
