using WaveletStack.Output;

namespace WaveletStack.Configuration;

/// <summary>
/// The file holding a stack's own settings, where SetConfig and EditConfig write: the copy on
/// the swarm's manager when the swarm is remote, else <c>stacks/&lt;stack&gt;</c> (started from the
/// newest of the stack's local files, so a legacy <c>config/stacks/</c> file keeps its comments).
/// A new text is checked as part of the whole configuration before anything is written.
/// </summary>
public sealed class StackConfigFile
{
    readonly string repoRoot;
    readonly IReadOnlyDictionary<string, string> environment;
    readonly IRemoteConfigStore? remote;

    StackConfigFile(string repoRoot, string stack, IReadOnlyDictionary<string, string> environment, IRemoteConfigStore? remote, string text)
    {
        this.repoRoot = repoRoot;
        this.environment = environment;
        this.remote = remote;
        Stack = stack;
        Text = text;
    }

    public string Stack { get; }

    /// <summary>The stack's current text ("" when it has none yet).</summary>
    public string Text { get; }

    /// <summary>Where the file is written, for messages.</summary>
    public string Location => remote?.Describe(Stack) ?? ConfigFiles.StackFile(Stack);

    public static async Task<StackConfigFile> OpenAsync(
        string repoRoot, string? stack, IReadOnlyDictionary<string, string> environment,
        Func<string, IRemoteConfigStore?> remoteStoreForSwarm, CancellationToken cancellationToken)
    {
        var name = StackConfigurationLoader.ResolveStack(repoRoot, stack);
        var remote = remoteStoreForSwarm(StackConfigurationLoader.ResolveSwarm(repoRoot, name, environment));
        var text = remote is not null
            ? await remote.ReadAsync(name, cancellationToken)
            : ConfigFiles.ReadStackFile(repoRoot, name) is { } local ? File.ReadAllText(Path.Combine(repoRoot, local.Path)) : null;
        // Only the swarm choice is taken from the environment: the file must be valid on its own.
        var swarmOnly = environment.Where(e => e.Key == ConfigKeys.Swarm.Name).ToDictionary();
        return new StackConfigFile(repoRoot, name, swarmOnly, remote, text ?? "");
    }

    /// <summary>
    /// The whole configuration as it would be with <paramref name="text"/> as this file; throws
    /// <see cref="ConfigurationException"/> listing every error (unreadable lines included).
    /// </summary>
    public LoadedConfiguration Check(string text)
    {
        var candidate = KeyValueFile.Parse(text, Location);
        if (remote is not null)
            return StackConfigurationLoader.Load(repoRoot, Stack, environment, new RemoteLayer(text, Location),
                path => ConfigFiles.Read(repoRoot, path));
        return StackConfigurationLoader.Load(repoRoot, Stack, environment, null,
            path => path == ConfigFiles.StackFile(Stack) ? candidate : ConfigFiles.Read(repoRoot, path));
    }

    /// <summary>Checks <paramref name="text"/>, then writes it; on any error nothing is written.</summary>
    public async Task<LoadedConfiguration> SaveAsync(string text, CancellationToken cancellationToken)
    {
        var loaded = Check(text);
        if (remote is not null) await remote.WriteAsync(Stack, text, cancellationToken);
        else WriteLocal(text);
        return loaded;
    }

    /// <summary>Owner-only when the text holds keys; else the file keeps its mode (a new one is 644).</summary>
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    static UnixFileMode ModeFor(string path, string text) =>
        HoldsSecrets(text) ? PrivateFiles.OwnerOnly
        : File.Exists(path) ? File.GetUnixFileMode(path)
        : UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;

    void WriteLocal(string text)
    {
        var path = Path.Combine(repoRoot, ConfigFiles.StackFile(Stack));
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        PrivateFiles.Write(path, text, OperatingSystem.IsWindows() ? PrivateFiles.OwnerOnly : ModeFor(path, text));
    }

    static bool HoldsSecrets(string text) =>
        KeyValueFile.Parse(text, "").Values.Any(v => v.Value.Length > 0 && ConfigKeys.Find(v.Key)?.IsSecret == true);
}
