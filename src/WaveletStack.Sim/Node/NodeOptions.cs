using WaveletStack.Sim.Cli;

namespace WaveletStack.Sim.Node;

/// <summary>The node's command line: the real `/wavelet` flags and environment variables, plus `--sim.*`.</summary>
internal sealed record NodeOptions
{
    public const string Banner = "wavelet-sim: a SIMULATOR standing in for the Wavelet node (not the real binary)";

    public static readonly Flag[] Flags =
    [
        new("config", "Path to TOML config file, will override the arguments.", Alias: "c"),
        new("nat", "Enable NAT traversal (ignored by the simulator).", IsBool: true),
        new("host", "Listen for peers on host address.", "127.0.0.1", "WAVELET_NODE_HOST"),
        new("port", "Listen for peers on port.", "3000", "WAVELET_NODE_PORT"),
        new("api.port", "Host a local HTTP API at port.", "9000", "WAVELET_API_PORT"),
        new("api.host", "Host for the secured HTTPS API (the simulator serves plain HTTP only).", Env: "WAVELET_API_HOST"),
        new("api.certs", "Directory path to cache HTTPS certificates.", Env: "WAVELET_CERTS_CACHE_DIR"),
        new("api.secret", "Shared secret to restrict access to some API endpoints.", Env: "WAVELET_API_SECRET"),
        new("wallet", "Path to file containing hex-encoded private key. If the path specified is invalid, or no file exists at the specified path, a random wallet will be generated. Optionally, a 128-length hex-encoded private key to a wallet may also be specified.", "config/wallet.txt", "WAVELET_WALLET"),
        new("genesis", "Genesis JSON file contents representing initial fields of some set of accounts at round 0.", Env: "WAVELET_GENESIS"),
        new("db", "Directory path to the database. If empty, a temporary in-memory database will be used instead.", Env: "WAVELET_DB_PATH"),
        new("memory.max", "Maximum memory in MB allowed to be used by wavelet.", "0", "WAVELET_MEMORY_MAX"),
        new("sys.snowball.k", "Snowball consensus protocol parameter k", "2", "WAVELET_SNOWBALL_K"),
        new("sys.snowball.beta", "Snowball consensus protocol parameter beta", "150", "WAVELET_SNOWBALL_BETA"),
        new("sys.min_stake", "minimum stake to garner validator rewards and have importance in consensus", "100", "WAVELET_SYS_MIN_STAKE"),
        new("sys.query_timeout", "Timeout in seconds for querying a transaction to K peers.", "5s", "WAVELET_SYS_QUERY_TIMEOUT"),
        new("sys.transaction_fee_amount", "Transaction fee amount.", "2", "WAVELET_SYS_TRANSACTION_FEE_AMOUNT"),
        new("update-url", "URL for updating Wavelet node.", Env: "WAVELET_UPDATE_URL"),
        new("cli.host", "Host of the remote console (ignored by the simulator).", "127.0.0.1"),
        new("cli.port", "Port of the remote console (ignored by the simulator).", "0"),
        new("server", "Run as a server without the interactive console (ignored by the simulator).", IsBool: true),
        new("loglevel", "Minimum log level to output. Possible values: debug, info, warn, error, fatal, panic.", "debug", "WAVELET_LOGLEVEL"),
        new("log.nocolor", "Disable colors in logging.", IsBool: true),
        new("sim.peer-timeout", "SIMULATOR ONLY: forget a peer nothing was heard from for this long; 0 never does, as the real node.", "0s", "WAVELET_SIM_PEER_TIMEOUT"),
        new("version", "print the version", IsBool: true, Alias: "v"),
        new("help", "show help", IsBool: true, Alias: "h"),
    ];

    public string Host { get; init; } = "127.0.0.1";
    public int Port { get; init; } = 3000;
    public int ApiPort { get; init; } = 9000;
    public string ApiHost { get; init; } = "";
    public string ApiSecret { get; init; } = "";
    public string Wallet { get; init; } = "";
    public string Genesis { get; init; } = "";
    public string Db { get; init; } = "";
    public int MemoryMaxMiB { get; init; }
    public int SnowballK { get; init; } = 2;
    public int SnowballBeta { get; init; } = 150;
    public ulong TransactionFee { get; init; } = 2;
    /// <summary>Zero: a peer stays listed until disconnected, as in the real node's routing table (which has no time-based expiry).</summary>
    public TimeSpan PeerTimeout { get; init; } = TimeSpan.Zero;
    public string LogLevel { get; init; } = "debug";
    public bool NoColor { get; init; }
    public bool ShowVersion { get; init; }
    public bool ShowHelp { get; init; }
    public IReadOnlyList<string> Peers { get; init; } = [];

    /// <summary>Flags given that the simulator has no behaviour for (TOML config, NAT, remote console).</summary>
    public IReadOnlyList<string> Ignored { get; init; } = [];

    static readonly string[] IgnoredFlags = ["config", "nat", "server", "update-url"];

    public string AdvertisedAddress => $"{Host}:{Port}";

    public static string HelpText => ParsedFlags.Help(
        "wavelet [global options] [peer addresses host:port...]",
        "wavelet - a node of the Wavelet ledger (" + Banner + ")", Flags);

    public static NodeOptions Parse(IReadOnlyList<string> args, Func<string, string?> environment)
    {
        var f = ParsedFlags.Parse(Flags, args, environment);
        return new NodeOptions
        {
            Host = f.String("host"),
            Port = f.Int("port", 0, 65535),
            ApiPort = f.Int("api.port", 0, 65535),
            ApiHost = f.String("api.host"),
            ApiSecret = f.String("api.secret"),
            Wallet = f.String("wallet"),
            Genesis = f.String("genesis"),
            Db = f.String("db"),
            MemoryMaxMiB = f.Int("memory.max", 0, int.MaxValue),
            SnowballK = f.Int("sys.snowball.k", 1, 1000),
            SnowballBeta = f.Int("sys.snowball.beta", 1, 100000),
            TransactionFee = (ulong)f.Int("sys.transaction_fee_amount", 0, int.MaxValue),
            PeerTimeout = f.Duration("sim.peer-timeout"),
            LogLevel = f.String("loglevel"),
            NoColor = f.Bool("log.nocolor"),
            ShowVersion = f.Bool("version"),
            ShowHelp = f.Bool("help"),
            Peers = f.Positional,
            Ignored = IgnoredFlags.Where(name => f.String(name) is { Length: > 0 } v && v != "false").Select(name => "--" + name).ToList(),
        };
    }
}
