namespace WaveletStack.Images;

/// <summary>
/// The names of the stack's images for one REGISTRY and WAVELET_TAG (docs/architecture.md,
/// "Images"). The simulator is always tagged `sim`, so `WAVELET_TAG=sim` picks it as Wavelet.
/// </summary>
public sealed record ImageNames(string Registry, string Tag)
{
    public const string DefaultRegistry = "localhost:5000";
    public const string DefaultTag = "latest";
    public const string SimulatorTag = "sim";

    /// <summary>The label holding the hash of everything an image was built from.</summary>
    public const string InputsHashLabel = "org.wavelet-stack.inputs-hash";

    /// <summary>The local registry's image; never pushed (it is what receives pushes).</summary>
    public const string RegistryImage = "wavelet-stack-registry:latest";

    public string Simulator => $"{Registry}/wavelet:{SimulatorTag}";
    public string Wavelet => $"{Registry}/wavelet:{Tag}";
    public string Node => $"{Registry}/wavelet-stack-node:{Tag}";
    public string LoadBalancer => $"{Registry}/wavelet-stack-lb:latest";
    public string Sync => $"{Registry}/wavelet-stack-sync:latest";
    public string Metrics => $"{Registry}/wavelet-stack-metrics:latest";

    /// <summary>True when the stack's Wavelet is this project's simulator (a STAND-IN).</summary>
    public bool UsesSimulator => Tag == SimulatorTag;

    /// <summary>
    /// Whether the metrics service's image is among them: a stack's build and push leave out an
    /// image of about 470 MB that it does not run (WAVELET_METRICS=no); everything else includes it.
    /// </summary>
    public bool WithMetrics { get; init; } = true;

    /// <summary>The images a stack runs, in build order.</summary>
    public IReadOnlyList<string> All => WithMetrics ? [Simulator, Node, LoadBalancer, Sync, Metrics] : [Simulator, Node, LoadBalancer, Sync];

    /// <summary>The images a registry must hold for a swarm to run the stack.</summary>
    public IReadOnlyList<string> ToPush => UsesSimulator ? All : All.Where(image => image != Simulator).ToList();

    /// <summary>
    /// REGISTRY and WAVELET_TAG from the environment when no stack configuration is at hand;
    /// an unset tag means the default local stack's, the simulator.
    /// </summary>
    public static ImageNames FromEnvironment() => new(
        NonEmpty(Environment.GetEnvironmentVariable("REGISTRY")) ?? DefaultRegistry,
        NonEmpty(Environment.GetEnvironmentVariable("WAVELET_TAG")) ?? SimulatorTag);

    static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
