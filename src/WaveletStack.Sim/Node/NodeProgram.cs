using WaveletStack.Sim.Api;
using WaveletStack.Sim.Cli;
using WaveletStack.Sim.Ledger;

namespace WaveletStack.Sim.Node;

/// <summary>`/wavelet`: the node.</summary>
internal static class NodeProgram
{
    public static async Task<int> RunAsync(string[] args)
    {
        NodeOptions options;
        try
        {
            options = NodeOptions.Parse(args, Environment.GetEnvironmentVariable);
        }
        catch (UsageException e)
        {
            Console.Error.WriteLine($"Incorrect Usage. {e.Message}\n");
            Console.Error.WriteLine(NodeOptions.HelpText);
            return 1;
        }
        if (options.ShowHelp) { Console.WriteLine(NodeOptions.HelpText); return 0; }
        if (options.ShowVersion) { Console.WriteLine($"wavelet version {Version}\n{NodeOptions.Banner}"); return 0; }

        // The real node colours its start-up lines (a refused wallet's FTL line included) and applies
        // --log.nocolor only once its HTTP API is up; readers of its output must cope with both.
        Log.Configure(noColor: false, options.LogLevel);
        Log.Warn("This is wavelet-sim, a SIMULATOR standing in for the Wavelet node; it is not the real binary.", ("version", Version));
        if (options.ApiHost.Length > 0)
            Log.Warn("--api.host is set, but the simulator serves plain HTTP on --api.port only (no ACME certificates).", ("api_host", options.ApiHost));

        foreach (var ignored in options.Ignored)
            Log.Warn("This flag is accepted but ignored by the simulator.", ("flag", ignored));

        var wallet = Wallet.Load(options.Wallet);
        if (wallet.PuzzleFailure is { } refusal)
        {
            // The real node's words, level and exit code for a key failing S/Kademlia's static puzzle.
            Log.Fatal("Failed to parse configuration/command-line arguments.", ("error", refusal));
            return 1;
        }
        Log.Info("Wallet loaded.", ("publicKey", wallet.PublicKeyHex));

        NodeHost host;
        try
        {
            host = new NodeHost(options, wallet);
        }
        catch (Exception e) when (e is IOException or System.Net.Sockets.SocketException or GenesisException or UnauthorizedAccessException or InvalidDataException)
        {
            Log.Fatal("Could not start the node.", ("error", e.Message));
            return 1;
        }

        await using (host)
        {
            // Disposed before Main returns: the host's exit handler waits for that.
            await using var app = ApiServer.Build(options.ApiPort, host);
            try
            {
                await app.StartAsync();
            }
            catch (IOException e)
            {
                Log.Fatal("Could not start the HTTP API.", ("port", options.ApiPort), ("error", e.Message));
                return 1;
            }
            Log.Info("Started HTTP API server.", ("port", options.ApiPort));
            Log.Configure(options.NoColor, options.LogLevel);
            NodeConsole.Start(host, Console.In);
            MemoryGuard.Start(options.MemoryMaxMiB);
            await app.WaitForShutdownAsync();
            Log.Info("Shutting down.");
        }
        return 0;
    }

    public static string Version => "0.3.0-sim";
}
