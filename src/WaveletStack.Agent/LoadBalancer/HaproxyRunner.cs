using System.Diagnostics;
using WaveletStack.Agent.Processes;

namespace WaveletStack.Agent.LoadBalancer;

/// <summary>
/// HAProxy in master-worker mode (-W) in the foreground, its output the container's. A new
/// configuration is checked with `haproxy -c` first and only then put in place and loaded
/// with SIGUSR2 (the old worker finishes its open connections); an invalid one is logged and
/// the last good one stays.
/// </summary>
public sealed class HaproxyRunner(string configPath, string haproxy = "haproxy")
{
    Process? master;
    string? loaded;

    /// <summary>Puts <paramref name="text"/> in force; false when it was invalid (the last good configuration stays).</summary>
    public async Task<bool> ApplyAsync(string text, CancellationToken ct)
    {
        if (text == loaded) return true;
        var candidate = configPath + ".new";
        Directory.CreateDirectory(Path.GetDirectoryName(configPath)!);
        await File.WriteAllTextAsync(candidate, text, ct);
        var (exitCode, output) = await ChildProcess.RunAsync(haproxy, ["-c", "-f", candidate], TimeSpan.FromSeconds(30), ct);
        if (exitCode != 0)
        {
            Log.Error($"the rendered HAProxy configuration is invalid; keeping the last good one. haproxy -c said: {output.Trim()}");
            return false;
        }
        File.Move(candidate, configPath, overwrite: true);
        loaded = text;
        if (master is { HasExited: false })
        {
            Signals.Send(master.Id, Signals.SIGUSR2);
            Log.Info("HAProxy configuration changed; reloaded gracefully");
        }
        return true;
    }

    /// <summary>Runs the master until cancelled, starting it again if it dies.</summary>
    public async Task RunAsync(CancellationToken ct)
    {
        var failures = 0;
        while (!ct.IsCancellationRequested)
        {
            var started = Stopwatch.StartNew();
            using (master = ChildProcess.Start(haproxy, ["-W", "-db", "-f", configPath]))
            {
                Log.Info($"started haproxy (master pid {master.Id})");
                try { await master.WaitForExitAsync(ct); }
                catch (OperationCanceledException)
                {
                    await ChildProcess.StopAsync(master, TimeSpan.FromSeconds(10));
                    return;
                }
                failures = started.Elapsed < TimeSpan.FromSeconds(3) ? failures + 1 : 0;
                Log.Error($"haproxy exited with code {master.ExitCode}; starting it again");
            }
            await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(250 * failures, 5000)), ct).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }
}
