using System.Globalization;
using WaveletStack.Agent.Settings;

namespace WaveletStack.Agent.Node;

/// <summary>The command line and environment of one /wavelet start.</summary>
public sealed record WaveletLaunch(IReadOnlyList<string> Arguments, IReadOnlyDictionary<string, string?> Environment)
{
    /// <summary>
    /// Flags say everything; the stack's variables that share a name with a /wavelet variable
    /// (WAVELET_API_PORT is the stack's published port, not the node's) are removed from the
    /// child's environment so they cannot override what the agent chose. The API secret goes in
    /// the environment, not the command line, where `ps` would show it.
    /// </summary>
    public static WaveletLaunch Build(NodeSettings settings, NodeAddress address, AgentPaths paths, string walletFile,
        string? apiSecret, IReadOnlyList<string> positionalPeers)
    {
        var args = new List<string>
        {
            "--host", address.AdvertisedHost, "--port", Text(address.Port), "--api.port", Text(settings.ApiPort),
            "--wallet", walletFile, "--db", paths.Database, "--genesis", settings.Genesis,
            "--sys.snowball.k", Text(settings.SnowballK),
            // The node colours its lines even into a pipe; plain text keeps `docker logs` readable.
            "--log.nocolor",
        };
        if (settings.SnowballBeta is { } beta) args.AddRange(["--sys.snowball.beta", Text(beta)]);
        if (settings.MemoryMax > 0) args.AddRange(["--memory.max", Text(settings.MemoryMax)]);
        if (settings.ApiHost is { } host) args.AddRange(["--api.host", host, "--api.certs", paths.Certificates]);
        args.AddRange(positionalPeers);

        var environment = new Dictionary<string, string?>(CleanEnvironment) { ["WAVELET_API_SECRET"] = apiSecret };
        return new WaveletLaunch(args, environment);
    }

    /// <summary>
    /// The environment every run of /wavelet gets, `--help` included: the real node reads its
    /// WAVELET_* variables before anything else, and the stack's empty WAVELET_API_PORT made even
    /// `/wavelet --help` fail ("could not parse  as uint value for flag api.port").
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string?> CleanEnvironment = new Dictionary<string, string?>
    {
        ["WAVELET_UPDATE_URL"] = "",
        ["WAVELET_API_SECRET"] = null,
        ["WAVELET_KEYS"] = null, ["WAVELET_API_ACME_ACCOUNT_KEY"] = null,
        ["WAVELET_API_PORT"] = null, ["WAVELET_API_HOST"] = null, ["WAVELET_GENESIS"] = null, ["WAVELET_MEMORY_MAX"] = null,
        ["WAVELET_SNOWBALL_K"] = null, ["WAVELET_SNOWBALL_BETA"] = null, ["WAVELET_NODE_HOST"] = null, ["WAVELET_NODE_PORT"] = null,
    };

    static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);
}
