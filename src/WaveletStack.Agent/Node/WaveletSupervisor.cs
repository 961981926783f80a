using System.Diagnostics;
using WaveletStack.Agent.Processes;
using WaveletStack.Agent.Settings;

namespace WaveletStack.Agent.Node;

/// <summary>
/// Runs /wavelet as a child for the life of the container: restarts it at once when it exits,
/// backs off while it keeps dying right after start, and after more than
/// <see cref="CrashLoopLimit"/> such exits moves the database aside (a database that kills the
/// node at start would otherwise keep it down forever). While /tmp/wavelet.exit exists /wavelet
/// is stopped and not started (the pause hook of RestoreDb and of debugging by hand; the
/// container stays up); cancellation stops /wavelet gracefully.
/// </summary>
public sealed class WaveletSupervisor(AgentPaths paths, DataVolume volume, Func<WaveletLaunch> launch, StdinRelay stdin)
{
    public const int CrashLoopLimit = 10;
    public static readonly TimeSpan QuickExit = TimeSpan.FromSeconds(3);
    static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(10);

    TaskCompletionSource restartRequested = NewSignal();
    volatile Process? current;

    /// <summary>Raised after each start (peering must connect the new process again).</summary>
    public event Action? Started;

    /// <summary>Stops the running /wavelet so the loop starts it again (new peers on its command line, or it stopped answering).</summary>
    public void RequestRestart(string reason)
    {
        Log.Info($"restarting /wavelet: {reason}");
        restartRequested.TrySetResult();
    }

    /// <summary>
    /// Stops /wavelet in its tracks (SIGSTOP) without closing its connections, so that it sends
    /// nothing more while its peers drop it; stopping it later kills it as it is (SIGKILL).
    /// </summary>
    public bool Freeze()
    {
        try { return frozen = current is { HasExited: false } process && Signals.Send(process.Id, Signals.SIGSTOP); }
        catch (InvalidOperationException) { return false; } // it ended (and was disposed) meanwhile
    }

    /// <summary>Lets a frozen /wavelet run again (SIGCONT), for another round of its departure.</summary>
    public void Thaw()
    {
        try { if (current is { HasExited: false } process) Signals.Send(process.Id, Signals.SIGCONT); }
        catch (InvalidOperationException) { }
        frozen = false;
    }

    volatile bool frozen;

    public async Task RunAsync(CancellationToken ct)
    {
        var quickExits = 0;
        var paused = false;
        while (!ct.IsCancellationRequested)
        {
            if (File.Exists(paths.ExitFlag))
            {
                if (!paused) Log.Info($"{paths.ExitFlag} exists: /wavelet is not started until it is removed");
                paused = true;
                await Task.Delay(TimeSpan.FromSeconds(1), ct).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                continue;
            }
            if (paused) MarkResumed();
            paused = false;

            restartRequested = NewSignal();
            var startedAt = Stopwatch.StartNew();
            using var process = current = Start();
            frozen = false;
            using var running = CancellationTokenSource.CreateLinkedTokenSource(ct);
            var exited = process.WaitForExitAsync(CancellationToken.None);
            await Task.WhenAny(exited, restartRequested.Task, PauseRequestedAsync(running.Token), Task.Delay(Timeout.Infinite, running.Token));
            running.Cancel();

            if (!process.HasExited && frozen)
            {
                // A frozen /wavelet has left the stack: every other node dropped it. Thawed to
                // handle SIGTERM, it ran for a moment, finished handshakes the kernel had queued
                // meanwhile, and was listed again by the real node, which never forgets a peer by
                // itself (the peering test saw it once in CI). Killed while frozen, it sends
                // nothing more; its database is as safe as after any crash (FaultSuite's
                // KillWavelet under a benchmark: no height went backwards).
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync(CancellationToken.None);
                frozen = false;
                Log.Info("/wavelet stopped while frozen after leaving the stack (SIGKILL)");
                continue;
            }
            if (!process.HasExited)
            {
                await ChildProcess.StopAsync(process, StopGrace);
                if (ct.IsCancellationRequested) Log.Info($"/wavelet stopped (exit code {process.ExitCode})");
                quickExits = 0;
                continue;
            }

            var ran = startedAt.Elapsed;
            quickExits = ran < QuickExit ? quickExits + 1 : 0;
            Log.Warn($"/wavelet exited with code {process.ExitCode} after {ran.TotalSeconds:0.0} s");
            if (quickExits > CrashLoopLimit)
            {
                var moved = volume.Quarantine(DateTime.UtcNow);
                Log.Error($"/wavelet exited within {QuickExit.TotalSeconds:0} s of starting {quickExits} times in a row; its database may be what kills it, so it was moved to {moved} and the node starts with an empty database");
                quickExits = 0;
            }
            else if (quickExits > 0)
            {
                await Task.Delay(Retry.Backoff(quickExits), ct).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    /// <summary>Completes when the pause hook file appears (polled: it is made by `docker exec touch`, no event to wait on).</summary>
    async Task PauseRequestedAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested && !File.Exists(paths.ExitFlag))
            await Task.Delay(TimeSpan.FromMilliseconds(500), ct).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        if (!ct.IsCancellationRequested) Log.Info($"{paths.ExitFlag} appeared: stopping /wavelet");
    }

    /// <summary>The health check gives a resumed node the grace a fresh container gets (start_period).</summary>
    void MarkResumed()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(paths.Resumed)!);
        File.WriteAllText(paths.Resumed, "");
    }


    Process Start()
    {
        var spec = launch();
        var process = ChildProcess.Start(paths.Wavelet, spec.Arguments, spec.Environment, pipeStdin: true);
        stdin.Attach(process.StandardInput.BaseStream);
        Log.Info($"started /wavelet (pid {process.Id}) --host {spec.Arguments[1]} --port {spec.Arguments[3]}");
        Started?.Invoke();
        return process;
    }

    static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
