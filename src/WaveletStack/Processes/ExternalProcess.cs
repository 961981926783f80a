using System.Diagnostics;

namespace WaveletStack.Processes;

/// <summary>The result of a program run to its end: exit code and the last lines it printed.</summary>
public sealed record ProcessResult(int ExitCode, IReadOnlyList<string> Output)
{
    public string Tail(int lines = 40) => string.Join(Environment.NewLine, Output.TakeLast(lines));
}

/// <summary>
/// The library's one way to run another program: captured (dotnet publish, debootstrap, make:
/// each output line reported as it comes, the tail kept for error messages), in the user's
/// terminal (dotnet test, $EDITOR), or with its output streamed to a consumer (tar into the
/// engine). Each kills the program's whole tree when the caller is cancelled (Ctrl-C).
/// </summary>
public static class ExternalProcess
{
    const int KeptLines = 400;

    public static async Task<ProcessResult> RunAsync(
        string program, IEnumerable<string> arguments, string workingDirectory, TimeSpan timeout,
        Action<string>? onLine, CancellationToken cancellationToken)
    {
        var info = new ProcessStartInfo(program)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments) info.ArgumentList.Add(argument);

        using var process = new Process { StartInfo = info };
        var output = new Queue<string>();
        void Collect(string? line)
        {
            if (line is null) return;
            lock (output)
            {
                output.Enqueue(line);
                if (output.Count > KeptLines) output.Dequeue();
            }
            onLine?.Invoke(line);
        }
        process.OutputDataReceived += (_, e) => Collect(e.Data);
        process.ErrorDataReceived += (_, e) => Collect(e.Data);

        if (!process.Start()) throw new InvalidOperationException($"Could not start {program}.");
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            cancellationToken.ThrowIfCancellationRequested();
            throw new UserErrorException(
                $"`{program} {string.Join(' ', info.ArgumentList)}` did not finish within {timeout.TotalMinutes:0.#} minutes; " +
                "see its output above and try again.");
        }
        process.WaitForExit(); // drains the asynchronous output readers
        lock (output) return new ProcessResult(process.ExitCode, output.ToArray());
    }

    /// <summary>
    /// Runs <paramref name="program"/> in this console (its output and input are the user's) and
    /// returns its exit code; <paramref name="notStarted"/> says what to do when it cannot start.
    /// </summary>
    public static async Task<int> RunInTerminalAsync(string program, IEnumerable<string> arguments, string? workingDirectory,
        string notStarted, CancellationToken cancellationToken)
    {
        var info = new ProcessStartInfo(program) { UseShellExecute = false };
        if (workingDirectory is not null) info.WorkingDirectory = workingDirectory;
        foreach (var argument in arguments) info.ArgumentList.Add(argument);
        Process? started;
        try { started = Process.Start(info); }
        catch (System.ComponentModel.Win32Exception) { started = null; }
        using var process = started ?? throw new UserErrorException(notStarted);
        await WaitOrKillAsync(process, cancellationToken);
        return process.ExitCode;
    }

    /// <summary>
    /// Runs <paramref name="program"/> with its standard output handed to <paramref name="consume"/>
    /// as a stream; returns its exit code and what it wrote to standard error.
    /// </summary>
    public static async Task<(int ExitCode, string Errors)> StreamOutputAsync(string program, IEnumerable<string> arguments,
        Func<Stream, Task> consume, CancellationToken cancellationToken)
    {
        var info = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments) info.ArgumentList.Add(argument);
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"Could not start {program}.");
        var errors = process.StandardError.ReadToEndAsync(cancellationToken);
        try { await consume(process.StandardOutput.BaseStream); }
        catch
        {
            process.Kill(entireProcessTree: true); // nobody reads its output any more: it would block on a full pipe
            throw;
        }
        await WaitOrKillAsync(process, cancellationToken);
        return (process.ExitCode, await errors);
    }

    static async Task WaitOrKillAsync(Process process, CancellationToken cancellationToken)
    {
        try { await process.WaitForExitAsync(cancellationToken); }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }
    }

    /// <summary>The full path of a program found on PATH, or null.</summary>
    public static string? FindOnPath(string program)
    {
        if (program.Contains('/')) return File.Exists(program) ? program : null;
        var path = Environment.GetEnvironmentVariable("PATH") ?? "";
        return path.Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, program))
            .FirstOrDefault(File.Exists);
    }
}
