using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using WaveletStack.Agent.Processes;

namespace WaveletStack.Agent.LoadBalancer;

/// <summary>
/// HAProxy in master-worker mode (-W) in the foreground, its output the container's. A new
/// configuration is checked with `haproxy -c` first, put in place, loaded with SIGUSR2 (the old
/// worker finishes its open connections), and then confirmed: each configuration carries its
/// own id, and the runner asks the running worker for it. HAProxy drops a SIGUSR2 that arrives
/// while the master is still re-executing itself (three changes within 2.5 s once left a stack
/// on an old configuration for minutes), so a reload that did not take is signalled again.
/// Changes are applied one at a time. An invalid configuration is logged and the last good one stays.
/// </summary>
public sealed class HaproxyRunner(string configPath, string socketPath, string haproxy = "haproxy")
{
    // How long a reload gets to show before the signal is sent again: 3 s, then longer each time
    // (6, 12, 12, 12 s). A reload normally shows within 0.1 s; on a starved machine it took over
    // 3 s, and a signal sent again while the master re-executes is dropped and starts it over.
    static readonly TimeSpan ConfirmFirst = TimeSpan.FromSeconds(3), ConfirmMax = TimeSpan.FromSeconds(12);
    const int ReloadAttempts = 5;

    readonly SemaphoreSlim oneAtATime = new(1, 1);
    readonly HaproxyRuntime runtime = new(socketPath);
    Process? master;
    string? loaded;

    /// <summary>The id of the configuration last put in place (what HAProxy should be running).</summary>
    public string? LoadedId { get; private set; }

    /// <summary>
    /// Puts <paramref name="text"/> in force and waits until HAProxy runs it; false when it was
    /// invalid (the last good configuration stays) or HAProxy would not load it.
    /// </summary>
    public async Task<bool> ApplyAsync(string text, CancellationToken ct)
    {
        await oneAtATime.WaitAsync(ct);
        try
        {
            if (text == loaded) return true;
            var id = Id(text);
            var full = WithRuntimeSettings(text, id);
            var candidate = configPath + ".new";
            Directory.CreateDirectory(Path.GetDirectoryName(configPath)!);
            Directory.CreateDirectory(Path.GetDirectoryName(socketPath)!);
            await File.WriteAllTextAsync(candidate, full, ct);
            var (exitCode, output) = await ChildProcess.RunAsync(haproxy, ["-c", "-f", candidate], TimeSpan.FromSeconds(30), ct);
            if (exitCode != 0)
            {
                Log.Error($"the rendered HAProxy configuration is invalid; keeping the last good one. haproxy -c said: {output.Trim()}");
                return false;
            }
            File.Move(candidate, configPath, overwrite: true);
            (loaded, LoadedId) = (text, id);
            return master is { HasExited: false } running ? await ReloadAsync(running, id, ct) : true;
        }
        finally { oneAtATime.Release(); }
    }

    async Task<bool> ReloadAsync(Process running, string id, CancellationToken ct)
    {
        var watch = Stopwatch.StartNew();
        // A master that is still starting (or re-executing) drops the signal: wait until its
        // worker answers first. It may already run this configuration (it read the file late).
        var (answered, _) = await RunningIdAsync(running => running is not null, ConfirmFirst, ct);
        if (answered == id)
        {
            Log.Info($"HAProxy configuration changed; HAProxy started with it (configuration {id} running after {watch.ElapsedMilliseconds} ms)");
            return true;
        }
        for (var attempt = 1; attempt <= ReloadAttempts; attempt++)
        {
            Signals.Send(running.Id, Signals.SIGUSR2);
            var within = Retry.Backoff(attempt, ConfirmFirst, ConfirmMax);
            var (now, took) = await RunningIdAsync(running => running == id, within, ct);
            if (took)
            {
                Log.Info($"HAProxy configuration changed; reloaded gracefully (configuration {id} running after {watch.ElapsedMilliseconds} ms" +
                         (attempt > 1 ? $", {attempt} signals" : "") + ")");
                return true;
            }
            if (ct.IsCancellationRequested) return false;
            Log.Warn($"HAProxy still runs configuration {now ?? "(no answer)"} {within.TotalSeconds:0} s after reloading to {id}; the reload did not take, signalling again");
        }
        Log.Error($"HAProxy did not load configuration {id} after {ReloadAttempts} reloads; it keeps running {await runtime.RunningConfigIdAsync(ct) ?? "(no answer)"}");
        return false;
    }

    /// <summary>
    /// Asks the running worker for its configuration's id until <paramref name="wanted"/> holds or
    /// <paramref name="within"/> passes: the last answer (null: none), and whether it held.
    /// </summary>
    async Task<(string? Running, bool Held)> RunningIdAsync(Func<string?, bool> wanted, TimeSpan within, CancellationToken ct)
    {
        var waited = Stopwatch.StartNew();
        string? running = null;
        while (waited.Elapsed < within && !ct.IsCancellationRequested)
        {
            if (wanted(running = await runtime.RunningConfigIdAsync(ct))) return (running, true);
            await Task.Delay(50, ct).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
        return (running, false);
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
            await Task.Delay(Retry.Backoff(failures, TimeSpan.FromMilliseconds(250), TimeSpan.FromSeconds(5)), ct).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    /// <summary>The id that names a configuration in the logs and in the running worker's environment.</summary>
    public static string Id(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..12];

    /// <summary>Adds what the runner itself needs to `global`: the configuration's id and the runtime API's socket.</summary>
    string WithRuntimeSettings(string text, string id)
    {
        const string global = "global\n";
        var at = text.IndexOf(global, StringComparison.Ordinal);
        if (at < 0) throw new ArgumentException("the HAProxy configuration has no global section", nameof(text));
        var added = $"    setenv {HaproxyRuntime.ConfigIdVariable} {id}\n    stats socket {socketPath} mode 600 level admin\n";
        return text.Insert(at + global.Length, added);
    }
}
