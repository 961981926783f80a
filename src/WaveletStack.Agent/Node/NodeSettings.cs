using WaveletStack.Agent.Identity;
using WaveletStack.Agent.Settings;

namespace WaveletStack.Agent.Node;

/// <summary>Everything node mode takes from the environment, checked as a whole before anything starts.</summary>
public sealed record NodeSettings(
    int NodeId, WalletKey Wallet, string Genesis, int SnowballK, int? SnowballBeta, int MemoryMax,
    string? ApiHost, string? AcmeAccountKey, bool BackupDb, string Sync, string? NodeIp, int LeaseTtlSeconds,
    TimeSpan BackupInterval, int ApiPort, int RpcPort, int FailureLimit = PeeringLoop.FailureLimit)
{
    public const string DefaultSync = "http://sync:2379";

    public static NodeSettings Load(Env env, AgentPaths paths)
    {
        var nodeId = env.RequiredNumber("WAVELET_NODE_ID", 1, 65535);
        var keys = KeyList.Load(env, paths);
        return new NodeSettings(
            NodeId: nodeId,
            Wallet: keys.ForNode(nodeId),
            Genesis: Identity.Genesis.Resolve(env, keys),
            SnowballK: env.Number("WAVELET_SNOWBALL_K", 2, 1, 1000),
            SnowballBeta: env.Text("WAVELET_SNOWBALL_BETA") is null ? null : env.Number("WAVELET_SNOWBALL_BETA", 0, 1),
            MemoryMax: env.Number("WAVELET_MEMORY_MAX", 0, 0),
            ApiHost: env.Text("WAVELET_API_HOST"),
            AcmeAccountKey: env.Text("WAVELET_API_ACME_ACCOUNT_KEY"),
            BackupDb: env.Flag("WAVELET_BACKUP_DB"),
            Sync: env.Text("WAVELET_SYNC", DefaultSync),
            NodeIp: env.Text("WAVELET_NODE_IP"),
            // Test hooks: the contract's 30 s lease and 30 min backups are too slow to watch in a test.
            LeaseTtlSeconds: env.Number("WAVELET_AGENT_LEASE_TTL", 30, 2, 3600),
            BackupInterval: TimeSpan.FromSeconds(env.Number("WAVELET_AGENT_BACKUP_INTERVAL", 1800, 1)),
            // Test hook: several nodes on one host cannot all have their API on 9000.
            ApiPort: ApiPortFrom(env),
            RpcPort: env.Number("WAVELET_AGENT_RPC_PORT", NodeAddress.RpcPort, 1, 65535),
            FailureLimit: env.Number("WAVELET_AGENT_FAILURE_LIMIT", PeeringLoop.FailureLimit, 1));
    }

    public static int ApiPortFrom(Env env) => env.Number("WAVELET_AGENT_API_PORT", NodeAddress.ApiPort, 1, 65535);
}
