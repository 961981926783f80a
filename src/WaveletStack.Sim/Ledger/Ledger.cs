using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace WaveletStack.Sim.Ledger;

/// <summary>
/// The simulated ledger: accounts, transactions and the chain's head. Transactions wait until the
/// node has at least K peers; then blocks are finalised carrying them. Without transactions the
/// height does not move. Blocks announced by peers are adopted when they are ahead.
/// </summary>
internal sealed class Ledger
{
    /// <summary>Transactions kept for `GET /tx` and the database; older ones are only counted.</summary>
    public const int KeptTransactions = 10_000;
    /// <summary>The most recent transactions written to the database (the snapshot is rewritten whole).</summary>
    const int PersistedTransactions = 2_000;
    const int MaxPerBlock = 5_000;
    const int MaxPending = 100_000;
    const byte TagTransfer = 1;

    readonly Lock gate = new();
    readonly LedgerState state;
    readonly Dictionary<string, Transaction> byId = new(StringComparer.Ordinal);
    readonly Queue<Transaction> pending = new();
    readonly ulong fee;

    public Metrics Metrics { get; } = new();

    /// <summary>Bumped on every change, so the database writes only when something moved.</summary>
    public long Version { get; private set; }

    public Ledger(LedgerState state, ulong fee)
    {
        this.state = state;
        this.fee = fee;
        if (state.Head.Id.Length == 0) state.Head = GenesisHead(state.Accounts);
        foreach (var tx in state.Transactions)
        {
            byId[tx.Id] = tx;
            if (tx.Height == 0) pending.Enqueue(tx);
        }
    }

    public BlockHead Head { get { lock (gate) return state.Head; } }

    public int PendingCount { get { lock (gate) return pending.Count; } }

    public (int Accounts, long NumTx, int InStore) Counts
    {
        get { lock (gate) return (state.Accounts.Count, state.NumTx, state.Transactions.Count); }
    }

    public Account? FindAccount(string publicKey)
    {
        lock (gate)
            return state.Accounts.TryGetValue(publicKey, out var a)
                ? new Account { Balance = a.Balance, Reward = a.Reward, Stake = a.Stake, Nonce = a.Nonce }
                : null;
    }

    public Transaction? FindTransaction(string id) { lock (gate) return byId.GetValueOrDefault(id); }

    public List<Transaction> RecentTransactions(int offset, int limit)
    {
        lock (gate)
            return state.Transactions.AsEnumerable().Reverse().Skip(offset).Take(limit).ToList();
    }

    /// <summary>Accepts a transaction into the pending pool; null when the pool is full.</summary>
    public Transaction? Submit(string sender, byte tag, string payloadHex, string signatureHex)
    {
        lock (gate)
        {
            if (pending.Count >= MaxPending) return null;
            state.NumTx++;
            var tx = new Transaction
            {
                Id = Hash($"{sender}|{tag}|{payloadHex}|{signatureHex}|{state.NumTx}"),
                Sender = sender, Tag = tag, Payload = payloadHex, Signature = signatureHex,
                ReceivedAt = DateTime.UtcNow,
            };
            Keep(tx);
            pending.Enqueue(tx);
            Version++;
            Metrics.Received();
            return tx;
        }
    }

    /// <summary>Finalises one block of pending transactions when there are any and K peers vote; else null.</summary>
    public BlockHead? TryFinalise(int peers, int k)
    {
        lock (gate)
        {
            if (pending.Count == 0 || peers < k) return null;
            var merkle = new StringBuilder();
            var count = 0;
            var oldest = pending.Peek().ReceivedAt;
            var height = state.Head.Height + 1;
            while (count < MaxPerBlock && pending.TryDequeue(out var tx))
            {
                Apply(tx);
                tx.Height = height;
                merkle.Append(tx.Id);
                count++;
            }
            var root = Hash(merkle.ToString());
            state.Head = new BlockHead(height, Hash($"{state.Head.Id}|{height}|{root}"), root, count);
            Version++;
            Metrics.Finalised(count, DateTime.UtcNow - oldest);
            return state.Head;
        }
    }

    /// <summary>Takes a peer's block when it is ahead (ties broken by the smaller id, so a network agrees).</summary>
    public bool Adopt(BlockHead theirs)
    {
        lock (gate)
        {
            var ours = state.Head;
            var ahead = theirs.Height > ours.Height
                        || (theirs.Height == ours.Height && theirs.Height > 0 && string.CompareOrdinal(theirs.Id, ours.Id) < 0);
            if (!ahead) return false;
            state.Head = theirs;
            Version++;
            Metrics.Gossiped(theirs.Transactions);
            return true;
        }
    }

    /// <summary>A copy safe to serialise while the ledger moves on, with the most recent transactions.</summary>
    public LedgerState Snapshot()
    {
        lock (gate)
            return new LedgerState
            {
                Head = state.Head,
                NumTx = state.NumTx,
                Accounts = state.Accounts.ToDictionary(p => p.Key, p => new Account
                    { Balance = p.Value.Balance, Reward = p.Value.Reward, Stake = p.Value.Stake, Nonce = p.Value.Nonce }),
                Transactions = state.Transactions.Skip(Math.Max(0, state.Transactions.Count - PersistedTransactions)).Select(t => new Transaction
                {
                    Id = t.Id, Sender = t.Sender, Tag = t.Tag, Payload = t.Payload, Signature = t.Signature,
                    Height = t.Height, ReceivedAt = t.ReceivedAt,
                }).ToList(),
            };
    }

    void Keep(Transaction tx)
    {
        state.Transactions.Add(tx);
        byId[tx.Id] = tx;
        // Trim in batches: removing from the front of a list copies it.
        if (state.Transactions.Count <= KeptTransactions + KeptTransactions / 10) return;
        var drop = state.Transactions.Count - KeptTransactions;
        foreach (var old in state.Transactions.Take(drop)) byId.Remove(old.Id);
        state.Transactions.RemoveRange(0, drop);
    }

    // A transfer's payload is the recipient's 32-byte key then a little-endian 64-bit amount.
    void Apply(Transaction tx)
    {
        if (!state.Accounts.TryGetValue(tx.Sender, out var sender))
            state.Accounts[tx.Sender] = sender = new Account();
        sender.Nonce++;
        if (tx.Tag != TagTransfer || tx.Payload.Length < 80) return;
        var payload = Convert.FromHexString(tx.Payload);
        var amount = BinaryPrimitives.ReadUInt64LittleEndian(payload.AsSpan(32, 8));
        if (sender.Balance < amount + fee) return;
        var recipientKey = Convert.ToHexStringLower(payload.AsSpan(0, 32));
        if (!state.Accounts.TryGetValue(recipientKey, out var recipient))
            state.Accounts[recipientKey] = recipient = new Account();
        sender.Balance -= amount + fee;
        recipient.Balance += amount;
    }

    static BlockHead GenesisHead(Dictionary<string, Account> accounts)
    {
        var root = Hash(string.Join("|", accounts.OrderBy(a => a.Key, StringComparer.Ordinal).Select(a => $"{a.Key}:{a.Value.Balance}:{a.Value.Stake}:{a.Value.Reward}")));
        return new BlockHead(0, Hash("genesis|" + root), root, 0);
    }

    static string Hash(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}
