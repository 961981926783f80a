namespace WaveletStack.Configuration;

/// <summary>Where a value came from, in the order layers apply (later wins).</summary>
public enum ConfigLayer
{
    Default,
    DefaultFile,
    SwarmFile,
    StackFile,
    Remote,
    Environment,
}

/// <summary>The layer that set a value, and the file (or other source) it read.</summary>
public sealed record ConfigOrigin(ConfigLayer Layer, string Source)
{
    public static readonly ConfigOrigin BuiltIn = new(ConfigLayer.Default, "built-in default");
    public static readonly ConfigOrigin Environment = new(ConfigLayer.Environment, "environment");

    public override string ToString() => Source;
}
