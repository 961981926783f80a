namespace WaveletStack.Sim.Ledger;

/// <summary>An account's state; also its stored form.</summary>
internal sealed class Account
{
    public ulong Balance { get; set; }
    public ulong Reward { get; set; }
    public ulong Stake { get; set; }
    public ulong Nonce { get; set; }
}

/// <summary>A transaction as received (Height 0) or applied in the block at Height.</summary>
internal sealed class Transaction
{
    public string Id { get; set; } = "";
    public string Sender { get; set; } = "";
    public byte Tag { get; set; }
    public string Payload { get; set; } = "";
    public string Signature { get; set; } = "";
    public ulong Height { get; set; }
    public DateTime ReceivedAt { get; set; }

    public string Status => Height == 0 ? "received" : "applied";
}

/// <summary>The head of the chain: what peers announce and adopt.</summary>
internal sealed record BlockHead(ulong Height, string Id, string MerkleRoot, int Transactions);

/// <summary>Everything the database keeps; written as one snapshot file.</summary>
internal sealed class LedgerState
{
    public BlockHead Head { get; set; } = new(0, "", "", 0);
    public long NumTx { get; set; }
    public Dictionary<string, Account> Accounts { get; set; } = new(StringComparer.Ordinal);
    public List<Transaction> Transactions { get; set; } = [];
}
