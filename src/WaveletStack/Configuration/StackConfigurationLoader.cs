using System.Collections;

namespace WaveletStack.Configuration;

/// <summary>
/// Loads a stack's configuration from its layers, later winning: built-in defaults →
/// <c>config/default</c> → the swarm's file → the stack's files → the copy on the swarm's manager
/// → environment variables of the same names (so <c>REGISTRY=perlin ./build.sh BuildImages</c> works).
/// Checks the result as a whole and throws <see cref="ConfigurationException"/> with every error.
/// </summary>
public static class StackConfigurationLoader
{
    static readonly ConfigOrigin Derived = new(ConfigLayer.Default, "derived from the stack name");

    /// <summary>The process's environment, for <see cref="Load"/>.</summary>
    public static IReadOnlyDictionary<string, string> ProcessEnvironment() =>
        System.Environment.GetEnvironmentVariables().Cast<DictionaryEntry>()
            .ToDictionary(e => (string)e.Key, e => (string?)e.Value ?? "", StringComparer.Ordinal);

    /// <summary>The stack to act on: the one given, else <c>stackName</c> from <c>config/default</c>, else <c>default-local</c>.</summary>
    public static string ResolveStack(string repoRoot, string? stack) =>
        StackName.Check(!string.IsNullOrWhiteSpace(stack) ? stack.Trim()
            : ConfigFiles.Read(repoRoot, ConfigFiles.DefaultFile)?.Values.GetValueOrDefault(ConfigFiles.DefaultStackKey) is { Length: > 0 } named ? named
            : StackName.Default);

    /// <summary>
    /// The swarm the stack lives on: SWARM from the environment, the stack's files or
    /// <c>config/default</c>, else its name without the last "-part".
    /// </summary>
    public static string ResolveSwarm(string repoRoot, string stack, IReadOnlyDictionary<string, string> environment) =>
        ResolveSwarm(stack, environment, path => ConfigFiles.Read(repoRoot, path));

    static string ResolveSwarm(string stack, IReadOnlyDictionary<string, string> environment, Func<string, KeyValueFile?> read)
    {
        var files = new[] { ConfigFiles.ReadStackFile(stack, read)?.File, read(ConfigFiles.DefaultFile) };
        var set = new[] { environment.GetValueOrDefault(ConfigKeys.Swarm.Name) }
            .Concat(files.Select(f => f?.Values.GetValueOrDefault(ConfigKeys.Swarm.Name)))
            .FirstOrDefault(v => !string.IsNullOrWhiteSpace(v))?.Trim();
        return set ?? StackName.SwarmOf(stack);
    }

    /// <summary>Loads every local layer, then the remote copy when <paramref name="remoteStoreForSwarm"/> gives a store for the stack's swarm.</summary>
    public static async Task<LoadedConfiguration> LoadAsync(
        string repoRoot, string? stack, IReadOnlyDictionary<string, string> environment,
        Func<string, IRemoteConfigStore?> remoteStoreForSwarm, CancellationToken cancellationToken)
    {
        var name = ResolveStack(repoRoot, stack);
        var read = ReadOnce(repoRoot);
        var store = remoteStoreForSwarm(ResolveSwarm(name, environment, read));
        var text = store is null ? null : await store.ReadAsync(name, cancellationToken);
        return Load(repoRoot, name, environment, text is null ? null : new RemoteLayer(text, store!.Describe(name)), read);
    }

    public static LoadedConfiguration Load(
        string repoRoot, string? stack, IReadOnlyDictionary<string, string> environment, RemoteLayer? remote = null) =>
        Load(repoRoot, ResolveStack(repoRoot, stack), environment, remote, ReadOnce(repoRoot));

    /// <summary>Reads each file once per load: the swarm is resolved from the same files the layers then apply.</summary>
    static Func<string, KeyValueFile?> ReadOnce(string repoRoot)
    {
        var read = new Dictionary<string, KeyValueFile?>(StringComparer.Ordinal);
        return path => read.TryGetValue(path, out var file) ? file : read[path] = ConfigFiles.Read(repoRoot, path);
    }

    /// <param name="read">Reads a file by its path relative to the root; lets a candidate edit stand in for a file on disk.</param>
    internal static LoadedConfiguration Load(
        string repoRoot, string name, IReadOnlyDictionary<string, string> environment, RemoteLayer? remote, Func<string, KeyValueFile?> read)
    {
        var swarm = ResolveSwarm(name, environment, read);
        var layers = new Layers();

        layers.ApplyFile(read, ConfigFiles.DefaultFile, ConfigLayer.DefaultFile);
        if (StackName.Problem(swarm, "swarm") is null)
            foreach (var path in ConfigFiles.SwarmFiles(swarm)) layers.ApplyFile(read, path, ConfigLayer.SwarmFile);
        if (ConfigFiles.ReadStackFile(name, read) is var (stackPath, stackFile))
        {
            layers.Apply(stackFile, new ConfigOrigin(ConfigLayer.StackFile, stackPath));
            foreach (var older in ConfigFiles.StackFiles(name).TakeWhile(p => p != stackPath).Where(p => read(p) is not null))
                layers.Problems.Add(ConfigProblem.Warning(older, $"{older} is not read: {stackPath} replaces it; delete {older}."));
        }
        if (remote is not null) layers.Apply(KeyValueFile.Parse(remote.Text, remote.Source), new ConfigOrigin(ConfigLayer.Remote, remote.Source));
        layers.ApplyEnvironment(environment);
        layers.Set(ConfigKeys.Swarm, swarm, layers.OriginOf(ConfigKeys.Swarm.Name) ?? Derived);

        var context = new ValidationContext(repoRoot);
        var configuration = StackConfiguration.Create(name, layers.Values, context, layers.Problems,
            key => layers.OriginOf(key)?.Source, out var warnings);
        var origins = ConfigKeys.All.ToDictionary(k => k.Name, k => layers.OriginOf(k.Name) ?? ConfigOrigin.BuiltIn);
        return new LoadedConfiguration(configuration, origins, warnings);
    }

    /// <summary>The values set so far, who set each, and what was wrong in the files read.</summary>
    sealed class Layers
    {
        readonly Dictionary<string, (string Value, ConfigOrigin Origin)> set = new(StringComparer.Ordinal);
        public List<ConfigProblem> Problems { get; } = [];

        public IReadOnlyDictionary<string, string> Values => set.ToDictionary(p => p.Key, p => p.Value.Value);

        public ConfigOrigin? OriginOf(string key) => set.TryGetValue(key, out var entry) ? entry.Origin : null;

        public void Set(ConfigKey key, string value, ConfigOrigin origin) => set[key.Name] = (value, origin);

        public void ApplyFile(Func<string, KeyValueFile?> read, string path, ConfigLayer layer)
        {
            if (read(path) is { } file) Apply(file, new ConfigOrigin(layer, path));
        }

        public void Apply(KeyValueFile file, ConfigOrigin origin)
        {
            Problems.AddRange(file.Problems);
            foreach (var entry in file.Settings)
            {
                if (ConfigKeys.Find(entry.Key!) is { } key)
                {
                    // A swarm is chosen before its own file or the copy on it can be read.
                    if (key == ConfigKeys.Swarm && origin.Layer is ConfigLayer.SwarmFile or ConfigLayer.Remote)
                        Problems.Add(ConfigProblem.Warning(key.Name, $"{origin} line {entry.Line}: SWARM is ignored here; set it in the stack's file."));
                    else Set(key, entry.Value, origin);
                }
                else if (!(entry.Key == ConfigFiles.DefaultStackKey && origin.Layer == ConfigLayer.DefaultFile))
                {
                    Problems.Add(ConfigProblem.Warning(entry.Key!,
                        $"{origin} line {entry.Line}: unknown key {entry.Key} is ignored; did you mean {ConfigKeys.Closest(entry.Key!).Name}?"));
                }
            }
        }

        public void ApplyEnvironment(IReadOnlyDictionary<string, string> environment)
        {
            foreach (var key in ConfigKeys.All)
                if (environment.TryGetValue(key.Name, out var value)) Set(key, value, ConfigOrigin.Environment);
        }
    }
}
