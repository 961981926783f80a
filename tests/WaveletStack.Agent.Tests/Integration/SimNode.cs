using System.Diagnostics;
using WaveletStack.Agent.Identity;

namespace WaveletStack.Agent.Tests.Integration;

/// <summary>
/// STAND-IN: a Wavelet simulator node on free loopback ports, for tests whose subject is not the
/// node agent (the load balancer only needs nodes to forward to). Its stdin is held open.
/// </summary>
public sealed class SimNode : IAsyncDisposable
{
    readonly Process process;
    public int ApiPort { get; }
    public int RpcPort { get; }
    public WalletKey Wallet { get; }

    SimNode(Process process, int apiPort, int rpcPort, WalletKey wallet) => (this.process, ApiPort, RpcPort, Wallet) = (process, apiPort, rpcPort, wallet);

    public static async Task<SimNode> StartAsync(int slot)
    {
        var wallet = KeyList.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "default-keys.csv")), "default-keys.csv").ForNode(slot);
        int api = FreePort.Next(), rpc = FreePort.Next();
        var info = new ProcessStartInfo(AgentProcess.SimulatorBinary, ["node", "--host", "127.0.0.1", "--port", rpc.ToString(), "--api.port", api.ToString(), "--wallet", wallet.PrivateHex, "--log.nocolor"])
        {
            UseShellExecute = false, RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true,
        };
        var process = Process.Start(info)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var node = new SimNode(process, api, rpc, wallet);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        await Eventually.HoldsAsync(async () => (await http.GetAsync($"http://127.0.0.1:{api}/ledger")).IsSuccessStatusCode,
            TimeSpan.FromSeconds(20), () => $"simulator node {slot} does not answer on {api}");
        return node;
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited) { process.Kill(); await process.WaitForExitAsync(); }
        process.Dispose();
    }
}
