using System.Diagnostics;
using WaveletStack.Tests.Images;

namespace WaveletStack.Tests.Stack;

/// <summary>
/// A real run of this checkout's ./build.sh, as a user runs it: exit code and everything it
/// printed. Stdin is closed (no terminal: nothing is asked). The first run compiles the build.
/// </summary>
public static class BuildProcess
{
    public static async Task<(int Code, string Output)> RunAsync(IReadOnlyDictionary<string, string> environment,
        CancellationToken cancellationToken, params string[] args)
    {
        var root = ImagesFixture.RepositoryRoot();
        var start = new ProcessStartInfo(Path.Combine(root, "build.sh"))
        {
            WorkingDirectory = root, RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true,
        };
        foreach (var arg in args) start.ArgumentList.Add(arg);
        start.Environment["CI"] = "true";
        foreach (var (key, value) in environment) start.Environment[key] = value;
        using var process = Process.Start(start)!;
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        try { await process.WaitForExitAsync(cancellationToken); }
        finally { if (!process.HasExited) process.Kill(entireProcessTree: true); }
        return (process.ExitCode, await stdout + await stderr);
    }
}
