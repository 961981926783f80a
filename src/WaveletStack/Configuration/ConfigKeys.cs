namespace WaveletStack.Configuration;

/// <summary>
/// The catalogue of configuration keys: the original's 18, in its order, then the keys this
/// tool adds. README tables and <c>--help</c> print from here; nothing else lists keys.
/// </summary>
public static class ConfigKeys
{
    /// <summary>What a secret value prints as unless <c>--reveal</c> is given.</summary>
    public const string Mask = "********";

    public static readonly ConfigKey Registry = new("REGISTRY", "localhost:5000",
        "Docker registry images are pushed to and pulled from", Validators.Registry);
    public static readonly ConfigKey Genesis = new("WAVELET_GENESIS", "",
        "Genesis block descriptor (JSON object, or the path of a file or directory); when empty one is generated", Validators.Genesis);
    public static readonly ConfigKey Keys = new("WAVELET_KEYS", "",
        "CSV of '<private hex> <public hex>' key pairs, one per node; when empty the well-known (public, insecure) default keys are used",
        Validators.Keys, IsSecret: true);
    public static readonly ConfigKey Nodes = new("WAVELET_NODES", "3",
        "Number of Wavelet nodes to run", Validators.Integer(1));
    public static readonly ConfigKey RichWallets = new("WAVELET_RICH_WALLETS", "3",
        "Number of rich wallets in a generated genesis (when WAVELET_GENESIS is empty)", Validators.Integer(0));
    public static readonly ConfigKey SnowballK = new("WAVELET_SNOWBALL_K", "2",
        "Snowball K given to every node (peers sampled per query)", Validators.Integer(1));
    public static readonly ConfigKey SnowballBeta = new("WAVELET_SNOWBALL_BETA", "25",
        "Snowball beta given to every node (decision threshold)", Validators.Integer(1));
    public static readonly ConfigKey MemoryMax = new("WAVELET_MEMORY_MAX", "",
        "Memory in MiB after which a node is terminated; empty means no limit", Validators.Integer(0));
    public static readonly ConfigKey NoRpc = new("WAVELET_NO_RPC", "no",
        "Boolean: do not expose the nodes' RPC ports outside the stack", Validators.Boolean);
    public static readonly ConfigKey RpcPort = new("WAVELET_RPC_PORT", "",
        "Published RPC port of the first node (node i gets port+i-1); empty means a random port", Validators.Port);
    public static readonly ConfigKey Tag = new("WAVELET_TAG", "latest",
        "Tag of the wavelet image to use, and of the node images built from it", Validators.Tag);
    public static readonly ConfigKey CleanVolumes = new("WAVELET_CLEAN_VOLUMES", "no",
        "Boolean: remove the nodes' database volumes on stop or reset", Validators.Boolean);
    public static readonly ConfigKey ApiHost = new("WAVELET_API_HOST", "",
        "Host name; when set, HTTPS is served on port 443/tcp", Validators.HostName);
    public static readonly ConfigKey ApiPort = new("WAVELET_API_PORT", "",
        "Published HTTP API port; empty means a random port", Validators.Port);
    public static readonly ConfigKey AcmeAccountKey = new("WAVELET_API_ACME_ACCOUNT_KEY", "",
        "PEM encoded ACME account key for autocert (give it with WAVELET_API_HOST)", Validators.Pem, IsSecret: true);
    public static readonly ConfigKey BackupDb = new("WAVELET_BACKUP_DB", "no",
        "Boolean: take database backups of the nodes automatically", Validators.Boolean);
    public static readonly ConfigKey BuildDir = new("WAVELET_BUILD_DIR", "",
        "Wavelet checkout to rebuild the wavelet image from when building images", Validators.ExistingDirectory);
    public static readonly ConfigKey RebuildOnStart = new("WAVELET_REBUILD_ON_START", "no",
        "Boolean: build the images before the stack is started or updated", Validators.Boolean);
    public static readonly ConfigKey BenchmarkNodes = new("WAVELET_BENCHMARK_NODES", "0",
        "Number of benchmark containers the stack runs (the Benchmark target scales it)", Validators.Integer(0));
    public static readonly ConfigKey Swarm = new("SWARM", "",
        "Swarm the stack runs on; empty means the stack name without its last '-part' ('default' = the local engine)",
        Validators.SwarmName);
    public static readonly ConfigKey PublishMode = new("WAVELET_PUBLISH_MODE", "auto",
        "How ports are published: ingress (routing mesh, needs IPVS), host (host-mode ports, DNS round-robin) or auto (detect)",
        Validators.OneOf("auto", "ingress", "host"));
    public static readonly ConfigKey Metrics = new("WAVELET_METRICS", "no",
        "Boolean: run the metrics service (Prometheus scraping every agent's /metrics, and the dashboard page); Status prints their URLs",
        Validators.Boolean);

    /// <summary>Every key, the original's 18 first in its README's order.</summary>
    public static readonly IReadOnlyList<ConfigKey> All =
    [
        Registry, Genesis, Keys, Nodes, RichWallets, SnowballK, SnowballBeta, MemoryMax, NoRpc, RpcPort, Tag,
        CleanVolumes, ApiHost, ApiPort, AcmeAccountKey, BackupDb, BuildDir, RebuildOnStart,
        BenchmarkNodes, Swarm, PublishMode, Metrics,
    ];

    static readonly Dictionary<string, ConfigKey> ByName = All.ToDictionary(k => k.Name, StringComparer.Ordinal);

    public static ConfigKey? Find(string name) => ByName.GetValueOrDefault(name);

    /// <summary>The known key nearest to a misspelt one (edit distance), for "did you mean".</summary>
    public static ConfigKey Closest(string name) =>
        All.MinBy(k => EditDistance(k.Name, name.ToUpperInvariant()))!;

    static int EditDistance(string a, string b)
    {
        var previous = Enumerable.Range(0, b.Length + 1).ToArray();
        for (var i = 1; i <= a.Length; i++)
        {
            var current = new int[b.Length + 1];
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            previous = current;
        }
        return previous[b.Length];
    }
}
