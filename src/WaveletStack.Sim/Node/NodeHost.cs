using WaveletStack.Sim.Cli;

namespace WaveletStack.Sim.Node;

/// <summary>Holds the node's current life; a restart closes storage and starts it again in-process.</summary>
internal sealed class NodeHost(NodeOptions options, Wallet wallet) : IAsyncDisposable
{
    readonly SemaphoreSlim restarting = new(1, 1);

    public NodeOptions Options { get; } = options;
    public NodeRuntime Current { get; private set; } = NodeRuntime.Start(options, wallet);

    public async Task RestartAsync()
    {
        await restarting.WaitAsync();
        try
        {
            Log.Info("Restarting the node: closing storage and peers.");
            await Current.DisposeAsync();
            Current = NodeRuntime.Start(Options, wallet);
            Log.Info("Node restarted.", ("block_height", Current.Ledger.Head.Height));
        }
        catch (Exception e)
        {
            Log.Fatal("Could not restart the node.", ("error", e.Message));
            Environment.Exit(1);
        }
        finally
        {
            restarting.Release();
        }
    }

    public ValueTask DisposeAsync() => Current.DisposeAsync();
}
