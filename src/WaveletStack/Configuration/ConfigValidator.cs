namespace WaveletStack.Configuration;

/// <summary>
/// Checks a whole set of values: each key on its own, then the rules between keys. Returns
/// every problem at once so that a user fixes them in one go.
/// </summary>
public static class ConfigValidator
{
    /// <param name="values">Effective values (empty already replaced by defaults) of every key.</param>
    /// <param name="describe">Where a key's value came from, appended to its messages.</param>
    public static IReadOnlyList<ConfigProblem> Check(
        IReadOnlyDictionary<string, string> values, ValidationContext context, Func<string, string?>? describe = null)
    {
        var problems = new List<ConfigProblem>();
        foreach (var key in ConfigKeys.All)
        {
            var value = values.GetValueOrDefault(key.Name, "");
            if (value.Length > 0) problems.AddRange(key.Validate(key, value, context));
        }
        if (problems.Count == 0) problems.AddRange(CrossChecks(values));
        return describe is null ? problems : problems.Select(p => WithOrigin(p, describe(p.Key))).ToList();
    }

    static ConfigProblem WithOrigin(ConfigProblem problem, string? origin) =>
        origin is null ? problem : problem with { Message = $"{problem.Message} (set in {origin})" };

    /// <summary>Rules between keys; only run when every value parsed.</summary>
    static IEnumerable<ConfigProblem> CrossChecks(IReadOnlyDictionary<string, string> values)
    {
        int Int(ConfigKey key) => Validators.ParseInteger(values.GetValueOrDefault(key.Name, key.Default)) ?? 0;
        var nodes = Int(ConfigKeys.Nodes);
        var k = Int(ConfigKeys.SnowballK);

        if (k >= nodes)
            yield return ConfigProblem.Warning(ConfigKeys.SnowballK.Name,
                $"WAVELET_SNOWBALL_K={k} is not below WAVELET_NODES={nodes}: a node has only {nodes - 1} peers to sample, so consensus may stall; use K < nodes.");

        // Node i publishes RPC on WAVELET_RPC_PORT + i - 1, so the whole range must fit.
        var rpc = ConfigKeys.RpcPort;
        if (values.GetValueOrDefault(rpc.Name, "") is { Length: > 0 } text && Validators.ParseInteger(text) is { } first && first + nodes - 1 > 65535)
            yield return ConfigProblem.Error(rpc.Name,
                $"{rpc.Name}='{text}' is not allowed with WAVELET_NODES={nodes}: node {nodes} would need port {first + nodes - 1}; expected a port ≤ {65536 - nodes}.");

        // A node without an entry would fall back to a well-known public default key: a stack given its
        // own keys would then run some nodes on keys anyone can read, so a short list is refused.
        var keys = values.GetValueOrDefault(ConfigKeys.Keys.Name, "");
        if (keys.Length > 0 && keys.Split(',').Length is var entries && entries < nodes)
            yield return ConfigProblem.Error(ConfigKeys.Keys.Name,
                $"WAVELET_KEYS holds {entries} key pair{(entries == 1 ? "" : "s")} ({ConfigKeys.Mask}) for WAVELET_NODES={nodes}, which is not allowed: " +
                $"give one '<private hex> <public hex>' entry per node (at least {nodes}), or leave WAVELET_KEYS empty to use the well-known default keys.");

        if (values.GetValueOrDefault(ConfigKeys.AcmeAccountKey.Name, "").Length > 0 && values.GetValueOrDefault(ConfigKeys.ApiHost.Name, "").Length == 0)
            yield return ConfigProblem.Warning(ConfigKeys.AcmeAccountKey.Name,
                "WAVELET_API_ACME_ACCOUNT_KEY is set but WAVELET_API_HOST is empty: the key is only used for HTTPS on WAVELET_API_HOST.");
    }
}
