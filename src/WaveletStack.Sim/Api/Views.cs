using System.Text.Json.Serialization;
using WaveletStack.Sim.Ledger;
using WaveletStack.Sim.P2p;

namespace WaveletStack.Sim.Api;

/// <summary>`GET /ledger`, field for field as the real node answers (plus `simulator`).</summary>
internal sealed record LedgerView(
    string PublicKey, string Address, int NumAccounts, int PreferredVotes, BlockView Block, BlockView? Preferred,
    int NumMissingTx, long NumTx, int NumTxInStore, int NumAccountsInStore, List<PeerInfo>? Peers, bool Simulator);

internal sealed record BlockView(string MerkleRoot, ulong Height, string Id, int Transactions)
{
    public static BlockView From(BlockHead head) => new(head.MerkleRoot, head.Height, head.Id, head.Transactions);
}

internal sealed record MessageView(string Msg);

internal sealed record ErrorView(string Status, string Error);

internal sealed record TxSentView(string TxId, List<string> ParentIds, bool IsCritical);

internal sealed record TransactionView(string Id, string Sender, string Creator, byte Tag, string Payload, string Signature, ulong Height, string Status)
{
    public static TransactionView From(Transaction tx) =>
        new(tx.Id, tx.Sender, tx.Sender, tx.Tag, tx.Payload, tx.Signature, tx.Height, tx.Status);
}

internal sealed record AccountView(string PublicKey, ulong Balance, ulong GasBalance, ulong Stake, ulong Reward, ulong Nonce, bool IsContract);

/// <summary>What the benchmark sends to `POST /tx/send`.</summary>
internal sealed record TxSendRequest(string Sender, byte Tag, string Payload, string Signature);

/// <summary>Source-generated JSON for everything the simulator reads or writes (NativeAOT needs no reflection).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(LedgerView))]
[JsonSerializable(typeof(MessageView))]
[JsonSerializable(typeof(ErrorView))]
[JsonSerializable(typeof(TxSentView))]
[JsonSerializable(typeof(TransactionView))]
[JsonSerializable(typeof(List<TransactionView>))]
[JsonSerializable(typeof(AccountView))]
[JsonSerializable(typeof(TxSendRequest))]
[JsonSerializable(typeof(MetricsSample))]
[JsonSerializable(typeof(LedgerState))]
internal sealed partial class SimJson : JsonSerializerContext;
