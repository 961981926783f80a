using WaveletStack.Processes;

namespace WaveletStack.Dev;

/// <summary>Runs the `dotnet` command with its output streamed to this console.</summary>
public static class DotNet
{
    public static async Task RunAsync(string workingDirectory, IEnumerable<string> arguments, CancellationToken cancellationToken)
    {
        var exitCode = await RunForExitCodeAsync(workingDirectory, arguments, cancellationToken);
        if (exitCode != 0) throw new UserErrorException($"dotnet {string.Join(' ', arguments)} exited with {exitCode}; see its output above.");
    }

    public static Task<int> RunForExitCodeAsync(string workingDirectory, IEnumerable<string> arguments, CancellationToken cancellationToken) =>
        ExternalProcess.RunInTerminalAsync("dotnet", arguments, workingDirectory, "Could not start dotnet; install the .NET SDK 10.", cancellationToken);
}
