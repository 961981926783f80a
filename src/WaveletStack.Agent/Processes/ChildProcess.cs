using System.Diagnostics;

namespace WaveletStack.Agent.Processes;

/// <summary>Starting and stopping the programs the agent runs (/wavelet, /benchmark, haproxy).</summary>
public static class ChildProcess
{
    /// <summary>
    /// Starts <paramref name="path"/> with the container's stdout and stderr (so `docker logs`
    /// shows its lines). Its argv[0] is the path, so the kernel names the process after the file
    /// (`pgrep -x wavelet` finds /wavelet). With <paramref name="onOutputLine"/>, its output is
    /// relayed line by line to the same streams and each line handed over too (the benchmark's
    /// figures for /metrics).
    /// </summary>
    public static Process Start(string path, IEnumerable<string> arguments, IReadOnlyDictionary<string, string?>? environment = null, bool pipeStdin = false,
        Action<string>? onOutputLine = null)
    {
        var relay = onOutputLine is not null;
        var info = new ProcessStartInfo(path) { UseShellExecute = false, RedirectStandardInput = pipeStdin, RedirectStandardOutput = relay, RedirectStandardError = relay };
        foreach (var argument in arguments) info.ArgumentList.Add(argument);
        SetEnvironment(info, environment);
        var process = Process.Start(info) ?? throw new InvalidOperationException($"{path} did not start");
        if (onOutputLine is not null)
        {
            process.OutputDataReceived += (_, e) => { if (e.Data is { } line) { Console.Out.WriteLine(line); onOutputLine(line); } };
            process.ErrorDataReceived += (_, e) => { if (e.Data is { } line) { Console.Error.WriteLine(line); onOutputLine(line); } };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
        }
        return process;
    }

    static void SetEnvironment(ProcessStartInfo info, IReadOnlyDictionary<string, string?>? environment)
    {
        foreach (var (name, value) in environment ?? new Dictionary<string, string?>())
        {
            if (value is null) info.Environment.Remove(name); // null: not inherited
            else info.Environment[name] = value;
        }
    }

    /// <summary>SIGTERM (and SIGCONT, in case it was frozen), then SIGKILL after <paramref name="grace"/>.</summary>
    public static async Task StopAsync(Process process, TimeSpan grace)
    {
        if (process.HasExited) return;
        Signals.Send(process.Id, Signals.SIGTERM);
        Signals.Send(process.Id, Signals.SIGCONT);
        using var timeout = new CancellationTokenSource(grace);
        try { await process.WaitForExitAsync(timeout.Token); }
        catch (OperationCanceledException)
        {
            Log.Warn($"{Path.GetFileName(process.StartInfo.FileName)} (pid {process.Id}) ignored SIGTERM for {grace.TotalSeconds:0} s; killing it");
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None);
        }
    }

    /// <summary>Runs a program to its end and returns its exit code and output (stdout and stderr together).</summary>
    public static async Task<(int ExitCode, string Output)> RunAsync(string path, IEnumerable<string> arguments, TimeSpan timeout, CancellationToken ct,
        IReadOnlyDictionary<string, string?>? environment = null)
    {
        var info = new ProcessStartInfo(path) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        foreach (var argument in arguments) info.ArgumentList.Add(argument);
        SetEnvironment(info, environment);
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"{path} did not start");
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(timeout);
        var stdout = process.StandardOutput.ReadToEndAsync(deadline.Token);
        var stderr = process.StandardError.ReadToEndAsync(deadline.Token);
        try { await process.WaitForExitAsync(deadline.Token); }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{path} {string.Join(' ', arguments)} did not finish within {timeout.TotalSeconds:0} s");
        }
        return (process.ExitCode, await stdout + await stderr);
    }
}
