namespace WaveletStack.Configuration;

/// <summary>
/// A loaded stack configuration with, for every key, the layer that set it, and the warnings
/// found on the way (unknown keys, doubtful combinations).
/// </summary>
public sealed record LoadedConfiguration(
    StackConfiguration Configuration,
    IReadOnlyDictionary<string, ConfigOrigin> Origins,
    IReadOnlyList<ConfigProblem> Warnings)
{
    public ConfigOrigin OriginOf(ConfigKey key) => Origins.GetValueOrDefault(key.Name, ConfigOrigin.BuiltIn);
}

/// <summary>The text of the stack's copy on its swarm's manager, and where it was read.</summary>
public sealed record RemoteLayer(string Text, string Source);
