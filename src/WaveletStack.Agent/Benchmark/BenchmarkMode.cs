using System.Diagnostics;
using System.Globalization;
using WaveletStack.Agent.Etcd;
using WaveletStack.Agent.Identity;
using WaveletStack.Agent.Metrics;
using WaveletStack.Agent.Node;
using WaveletStack.Agent.Processes;
using WaveletStack.Agent.Settings;

namespace WaveletStack.Agent.Benchmark;

/// <summary>
/// `wavelet-agent benchmark`: runs `/benchmark remote` against the node this slot targets, with
/// that node's wallet, its output the container's; started again when it exits, and moved when
/// the registered nodes change which node this slot targets.
/// </summary>
public static class BenchmarkMode
{
    public static async Task RunAsync(Env env, AgentPaths paths, CancellationToken ct)
    {
        var slot = env.RequiredNumber("WAVELET_BENCHMARK_ID", 1, 65535);
        var keys = KeyList.Load(env, paths);
        var secrets = new Secrets(paths);
        using var store = new EtcdStore(env.Text("WAVELET_SYNC", NodeSettings.DefaultSync));

        var metrics = new BenchmarkMetrics(slot);
        var serving = MetricsServer.FromEnvironment(env, metrics.RenderAsync).RunAsync(ct);
        (int Slot, NodeRecord Node)? target = null;
        var retarget = NewSignal();
        var watching = new PrefixWatcher(store, StackKeys.Nodes).RunAsync((values, _) =>
        {
            var nodes = StackKeys.Slots(values, StackKeys.Nodes)
                .Select(kv => (Slot: kv.Key, Node: NodeRecord.TryParse(kv.Value)))
                .Where(n => n.Node is not null).ToDictionary(n => n.Slot, n => n.Node!);
            var chosen = BenchmarkTarget.Choose(slot, nodes.Keys);
            var next = chosen is { } s ? (s, nodes[s]) : ((int, NodeRecord)?)null;
            if (!Equals(next, target)) { target = next; metrics.OnTarget(chosen ?? 0); Interlocked.Exchange(ref retarget, NewSignal()).TrySetResult(); }
            return Task.CompletedTask;
        }, ct);

        var quickExits = 0;
        Log.Info($"benchmark {slot}: waiting for registered nodes under {StackKeys.Nodes}");
        while (!ct.IsCancellationRequested)
        {
            var moved = retarget.Task.WaitAsync(ct);
            if (target is not { } current)
            {
                await moved.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                continue;
            }
            var wallet = secrets.WriteWallet(keys.ForNode(current.Slot).PrivateHex);
            var host = $"{current.Node.Ip}:{current.Node.ApiPort.ToString(CultureInfo.InvariantCulture)}";
            Log.Info($"benchmark {slot}: loading node {current.Slot} at {host}");
            var started = Stopwatch.StartNew();
            using var process = ChildProcess.Start(paths.Benchmark, ["remote", "--host", host, "--wallet", wallet], onOutputLine: metrics.OnLine);
            await Task.WhenAny(process.WaitForExitAsync(CancellationToken.None), moved);
            if (!process.HasExited) { await ChildProcess.StopAsync(process, TimeSpan.FromSeconds(5)); continue; }

            quickExits = started.Elapsed < TimeSpan.FromSeconds(3) ? quickExits + 1 : 0;
            Log.Warn($"/benchmark exited with code {process.ExitCode}; starting it again");
            await Task.Delay(Retry.Backoff(quickExits, TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(5)), ct).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
        await Task.WhenAll(watching, serving);
    }

    static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
