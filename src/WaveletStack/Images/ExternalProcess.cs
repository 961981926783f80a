using System.Diagnostics;

namespace WaveletStack.Images;

/// <summary>The result of a program run to its end: exit code and the last lines it printed.</summary>
public sealed record ProcessResult(int ExitCode, IReadOnlyList<string> Output)
{
    public string Tail(int lines = 40) => string.Join(Environment.NewLine, Output.TakeLast(lines));
}

/// <summary>
/// Runs the few external programs image building needs (dotnet publish, debootstrap, make),
/// reporting each output line as it comes and keeping the tail for error messages.
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
