using WaveletStack.Sim.Cli;

namespace WaveletStack.Sim.Node;

/// <summary>
/// The interactive console on stdin (`l` prints the status line). The real node stops when its
/// stdin closes; the simulator keeps running and says what the real one would have done.
/// </summary>
internal static class NodeConsole
{
    public static void Start(NodeHost host, TextReader input)
    {
        var thread = new Thread(() => Run(host, input)) { IsBackground = true, Name = "console" };
        thread.Start();
    }

    static void Run(NodeHost host, TextReader input)
    {
        while (input.ReadLine() is { } line)
        {
            switch (line.Trim())
            {
                case "l" or "status":
                    PrintStatus(host.Current);
                    break;
                case "":
                    break;
                default:
                    Log.Warn("Unknown command; the simulator's console knows only `l` (status).", ("command", line.Trim()));
                    break;
            }
        }
        Log.Warn("Standard input was closed: the real Wavelet node would have stopped here (keep its stdin open); the simulator keeps running.");
    }

    public static void PrintStatus(NodeRuntime node)
    {
        var head = node.Ledger.Head;
        var account = node.Ledger.FindAccount(node.Wallet.PublicKeyHex) ?? new Ledger.Account();
        var (accounts, numTx, inStore) = node.Ledger.Counts;
        Log.Info("Here is the current status of your node.",
            ("balance", account.Balance),
            ("block_height", head.Height),
            ("block_id", head.Id),
            ("id", node.Wallet.PublicKeyHex),
            ("nonce", account.Nonce),
            ("num_accounts", accounts),
            ("num_missing_tx", 0),
            ("num_tx", numTx),
            ("num_tx_in_store", inStore),
            ("peers", node.Network.Peers.Select(p => p.Address).ToArray()),
            ("preferred_block_id", ""),
            ("preferred_votes", 0),
            ("reward", account.Reward),
            ("stake", account.Stake),
            ("sync_status", "Node is fully synced"));
    }
}
