using System.Collections.Frozen;

namespace WaveletStack.Configuration;

/// <summary>
/// A stack's settings, checked and typed. Immutable; made by <see cref="StackConfigurationLoader"/>
/// (or <see cref="From"/> in tests). <see cref="Values"/> holds every key's effective text,
/// empty values already replaced by the key's default.
/// </summary>
public sealed class StackConfiguration
{
    StackConfiguration(string stack, IReadOnlyDictionary<string, string> values, ValidationContext context)
    {
        Stack = stack;
        Values = values;
        string V(ConfigKey key) => values[key.Name];
        int Int(ConfigKey key) => Validators.ParseInteger(V(key))!.Value;
        int? OptionalInt(ConfigKey key) => V(key).Length == 0 ? null : Int(key);
        bool Bool(ConfigKey key) => Validators.ParseBoolean(V(key))!.Value;
        string? Optional(ConfigKey key) => V(key).Length == 0 ? null : V(key);

        Swarm = V(ConfigKeys.Swarm);
        Registry = V(ConfigKeys.Registry);
        Tag = V(ConfigKeys.Tag);
        Genesis = Optional(ConfigKeys.Genesis);
        Keys = V(ConfigKeys.Keys).Length == 0 ? [] : V(ConfigKeys.Keys).Split(',').Select(e => WaveletKeyPair.TryParse(e)!).ToArray();
        Nodes = Int(ConfigKeys.Nodes);
        RichWallets = Int(ConfigKeys.RichWallets);
        SnowballK = Int(ConfigKeys.SnowballK);
        SnowballBeta = Int(ConfigKeys.SnowballBeta);
        MemoryMax = OptionalInt(ConfigKeys.MemoryMax);
        NoRpc = Bool(ConfigKeys.NoRpc);
        RpcPort = OptionalInt(ConfigKeys.RpcPort);
        CleanVolumes = Bool(ConfigKeys.CleanVolumes);
        ApiHost = Optional(ConfigKeys.ApiHost);
        ApiPort = OptionalInt(ConfigKeys.ApiPort);
        AcmeAccountKey = Optional(ConfigKeys.AcmeAccountKey);
        BackupDb = Bool(ConfigKeys.BackupDb);
        BuildDir = Optional(ConfigKeys.BuildDir) is { } dir ? context.ResolvePath(dir) : null;
        RebuildOnStart = Bool(ConfigKeys.RebuildOnStart);
        BenchmarkNodes = Int(ConfigKeys.BenchmarkNodes);
        PublishMode = Enum.Parse<PublishMode>(V(ConfigKeys.PublishMode), ignoreCase: true);
        Metrics = Bool(ConfigKeys.Metrics);
    }

    /// <summary>
    /// Checks <paramref name="values"/> (missing or empty keys take their defaults) and makes the
    /// configuration; throws <see cref="ConfigurationException"/> listing every error.
    /// </summary>
    public static StackConfiguration From(string stack, IReadOnlyDictionary<string, string> values, string repoRoot) =>
        Create(stack, values, new ValidationContext(repoRoot), [], null, out _);

    /// <param name="earlier">Problems found before (unreadable lines), reported together with these.</param>
    /// <param name="describe">Where a key's value came from, for messages.</param>
    internal static StackConfiguration Create(
        string stack, IReadOnlyDictionary<string, string> values, ValidationContext context,
        IReadOnlyList<ConfigProblem> earlier, Func<string, string?>? describe, out IReadOnlyList<ConfigProblem> warnings)
    {
        StackName.Check(stack);
        var effective = Effective(stack, values);
        var problems = earlier.Concat(ConfigValidator.Check(effective, context, describe)).ToList();
        if (problems.Any(p => p.IsError)) throw new ConfigurationException(problems.Where(p => p.IsError).ToList());
        warnings = problems;
        return new StackConfiguration(stack, effective, context);
    }

    /// <summary>Every key's value with empty ones replaced by the default; SWARM derived from the stack name.</summary>
    internal static IReadOnlyDictionary<string, string> Effective(string stack, IReadOnlyDictionary<string, string> values) =>
        ConfigKeys.All.ToFrozenDictionary(k => k.Name, k => values.GetValueOrDefault(k.Name, "").Trim() switch
        {
            { Length: > 0 } set => set,
            _ when k == ConfigKeys.Swarm => StackName.SwarmOf(stack),
            _ => k.Default,
        });

    public string Stack { get; }
    /// <summary>The swarm the stack runs on; <see cref="StackName.LocalSwarm"/> is the local engine.</summary>
    public string Swarm { get; }
    public bool IsLocal => StackName.IsLocalSwarm(Swarm);

    /// <summary>Every key's effective text, by key name.</summary>
    public IReadOnlyDictionary<string, string> Values { get; }

    public string Registry { get; }
    public string Tag { get; }
    /// <summary>JSON text or a path (relative to the repository root); null means generate one.</summary>
    public string? Genesis { get; }
    /// <summary>Node i's key pair is <c>Keys[i-1]</c>; empty means the well-known default keys.</summary>
    public IReadOnlyList<WaveletKeyPair> Keys { get; }
    public int Nodes { get; }
    public int RichWallets { get; }
    public int SnowballK { get; }
    public int SnowballBeta { get; }
    /// <summary>MiB; null means no limit.</summary>
    public int? MemoryMax { get; }
    public bool NoRpc { get; }
    /// <summary>Published RPC port of node 1 (node i: +i-1); null means random.</summary>
    public int? RpcPort { get; }
    public bool CleanVolumes { get; }
    public string? ApiHost { get; }
    /// <summary>Published HTTP API port; null means random.</summary>
    public int? ApiPort { get; }
    public string? AcmeAccountKey { get; }
    public bool BackupDb { get; }
    /// <summary>Absolute path of the Wavelet checkout to build from, or null.</summary>
    public string? BuildDir { get; }
    public bool RebuildOnStart { get; }
    public int BenchmarkNodes { get; }
    public PublishMode PublishMode { get; }
    /// <summary>WAVELET_METRICS: the stack runs the metrics service (Prometheus and the dashboard).</summary>
    public bool Metrics { get; }

    public string this[ConfigKey key] => Values[key.Name];

    /// <summary>No secrets: stack, swarm, registry and tag only.</summary>
    public override string ToString() => $"{Stack} on {Swarm} ({Registry}, tag {Tag})";
}
