using System.Diagnostics;
using WaveletStack.Output;
using WaveletStack.Stack;

/// <summary>What every benchmark program here needs: its options, the checkout, a stopwatch.</summary>
static class BenchSupport
{
    /// <summary>
    /// A benchmark's run: bounded by <paramref name="limit"/>, stopped by Ctrl-C, and the
    /// library's progress output silenced so the figures stay readable (errors still reach stderr).
    /// </summary>
    public static CancellationTokenSource Start(TimeSpan limit)
    {
        var cancel = new CancellationTokenSource(limit);
        Console.CancelKeyPress += (_, e) => { e.Cancel = true; cancel.Cancel(); };
        Ui.IsInteractive = false;
        Ui.Out = TextWriter.Null;
        return cancel;
    }

    public static string Option(string[] args, string name, string fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
    }

    public static string FindRoot()
    {
        for (var dir = new DirectoryInfo(Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "WaveletStack.slnx"))) return dir.FullName;
        throw new InvalidOperationException("Run from inside the wavelet-stack checkout (WaveletStack.slnx not found).");
    }

    /// <summary>DeployStack as the target chain runs it: deploy, wait healthy and peered.</summary>
    public static async Task UpAsync(CancellationToken token, StackLifecycle lifecycle)
    {
        await lifecycle.DeployAsync(token);
        await lifecycle.WaitHealthyAsync(TimeSpan.FromMinutes(5), token);
    }

    public static async Task<double> TimeAsync(Func<Task> action)
    {
        var watch = Stopwatch.StartNew();
        await action();
        return watch.Elapsed.TotalSeconds;
    }
}
