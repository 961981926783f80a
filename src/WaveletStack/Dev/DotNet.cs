using System.Diagnostics;

namespace WaveletStack.Dev;

/// <summary>Runs the `dotnet` command with its output streamed to this console.</summary>
public static class DotNet
{
    public static async Task RunAsync(string workingDirectory, IEnumerable<string> arguments, CancellationToken cancellationToken)
    {
        var exitCode = await RunForExitCodeAsync(workingDirectory, arguments, cancellationToken);
        if (exitCode != 0) throw new UserErrorException($"dotnet {string.Join(' ', arguments)} exited with {exitCode}; see its output above.");
    }

    public static async Task<int> RunForExitCodeAsync(string workingDirectory, IEnumerable<string> arguments, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = workingDirectory, UseShellExecute = false };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        using var process = Process.Start(start) ?? throw new UserErrorException("Could not start dotnet; install the .NET SDK 10.");
        try
        {
            await process.WaitForExitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }
        return process.ExitCode;
    }
}
