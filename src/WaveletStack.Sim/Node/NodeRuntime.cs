using WaveletStack.Sim.Cli;
using WaveletStack.Sim.Ledger;
using WaveletStack.Sim.P2p;
using WaveletStack.Sim.Storage;

namespace WaveletStack.Sim.Node;

/// <summary>
/// One life of the node: storage, ledger and peer network, plus the loops that move them
/// (finalising blocks, persisting, metering). `POST /node/restart` disposes it and starts another.
/// </summary>
internal sealed class NodeRuntime : IAsyncDisposable
{
    static readonly TimeSpan FinaliseEvery = TimeSpan.FromMilliseconds(250);
    static readonly TimeSpan PersistEvery = TimeSpan.FromSeconds(1);

    readonly CancellationTokenSource stopping = new();
    readonly Database? database;
    Task[] loops = [];
    long savedVersion = -1;

    NodeRuntime(NodeOptions options, Wallet wallet, Database? database, Ledger.Ledger ledger)
    {
        Options = options;
        Wallet = wallet;
        this.database = database;
        Ledger = ledger;
        Network = new PeerNetwork(wallet.PublicKeyHex, options.AdvertisedAddress, () => Ledger.Head, OnPeerBlock, options.PeerTimeout);
    }

    public NodeOptions Options { get; }
    public Wallet Wallet { get; }
    public Ledger.Ledger Ledger { get; }
    public PeerNetwork Network { get; }

    public static NodeRuntime Start(NodeOptions options, Wallet wallet)
    {
        Database? database = null;
        LedgerState? state = null;
        if (options.Db.Length > 0)
        {
            database = Database.Open(options.Db);
            state = database.Load();
            Log.Info(state is null ? "Created a new database." : "Resumed from the database.",
                ("path", options.Db), ("block_height", state?.Head.Height ?? 0));
        }
        state ??= new LedgerState { Accounts = Genesis.Load(options.Genesis) };

        var runtime = new NodeRuntime(options, wallet, database, new Ledger.Ledger(state, options.TransactionFee));
        runtime.Network.Start(options.Port);
        foreach (var peer in options.Peers) runtime.Network.ConnectInBackground(peer);
        runtime.loops = [runtime.FinaliseLoopAsync(runtime.stopping.Token), runtime.PersistLoopAsync(runtime.stopping.Token)];
        Log.Info("Listening for peers.", ("address", options.AdvertisedAddress), ("port", options.Port));
        return runtime;
    }

    public async ValueTask DisposeAsync()
    {
        stopping.Cancel();
        await Task.WhenAll(loops).WaitAsync(TimeSpan.FromSeconds(5)).ContinueWith(_ => { });
        await Network.DisposeAsync();
        Persist();
        database?.Dispose();
    }

    void OnPeerBlock(BlockHead block)
    {
        if (!Ledger.Adopt(block)) return;
        Log.Debug("Adopted a block from a peer.", ("block_height", block.Height), ("block_id", block.Id));
        _ = Network.AnnounceAsync(block, stopping.Token);
    }

    async Task FinaliseLoopAsync(CancellationToken ct)
    {
        using var timer = new PeriodicTimer(FinaliseEvery);
        var ticks = 0;
        try
        {
            while (await timer.WaitForNextTickAsync(ct))
            {
                if (++ticks % 4 == 0) Ledger.Metrics.Tick();
                if (Ledger.TryFinalise(Network.PeerCount, Options.SnowballK) is not { } block) continue;
                Log.Info("Finalized block.", ("block_height", block.Height), ("block_id", block.Id), ("num_applied_tx", block.Transactions));
                await Network.AnnounceAsync(block, ct);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    async Task PersistLoopAsync(CancellationToken ct)
    {
        if (database is null) return;
        using var timer = new PeriodicTimer(PersistEvery);
        try
        {
            while (await timer.WaitForNextTickAsync(ct)) Persist();
        }
        catch (OperationCanceledException)
        {
        }
    }

    void Persist()
    {
        if (database is null || Ledger.Version == savedVersion) return;
        var version = Ledger.Version;
        try
        {
            database.Save(Ledger.Snapshot());
            savedVersion = version;
        }
        catch (IOException e)
        {
            Log.Error("Could not write the database.", ("path", Options.Db), ("error", e.Message));
        }
    }
}
