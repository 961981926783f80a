using Docker.DotNet;
using WaveletStack.Output;

namespace WaveletStack.Images;

public sealed record ImageBuildResult(string Image, BuildOutcome Outcome, long SizeBytes);

/// <summary>
/// BuildImages: the simulator, node, load-balancer, sync and metrics images of docs/architecture.md,
/// each built only when its inputs changed (folder, base image, Wavelet image, binaries).
/// </summary>
public static class StackImages
{
    public const string AgentProject = "WaveletStack.Agent";
    public const string AgentBinary = "wavelet-agent";
    public const string SimulatorProject = "WaveletStack.Sim";
    public const string SimulatorBinary = "wavelet-sim";
    static readonly TimeSpan WaveletPullTimeout = TimeSpan.FromMinutes(5);

    public static async Task<IReadOnlyList<ImageBuildResult>> BuildAsync(
        IDockerClient docker, string root, ImageNames names, CancellationToken cancellationToken)
    {
        // The base image (a pull, or debootstrap: mostly downloads) beside the publishes (mostly CPU).
        var baseImaging = BaseImage.EnsureAsync(docker, cancellationToken);
        var binaries = await BinaryPublisher.PublishAsync(root, [(AgentProject, AgentBinary), (SimulatorProject, SimulatorBinary)], cancellationToken);
        var (agent, simulator) = (binaries[0], binaries[1]);
        var baseImage = await baseImaging;

        var results = new List<ImageBuildResult>();
        async Task Build(string image, string folder, IReadOnlyDictionary<string, string> binaries,
            IReadOnlyDictionary<string, string>? moreArguments = null, IReadOnlyDictionary<string, string>? moreInputs = null)
        {
            var recipe = new ImageRecipe(image, Path.Combine(root, "nodes", folder),
                new Dictionary<string, string>(moreArguments ?? new Dictionary<string, string>()) { ["BASE_IMAGE"] = baseImage.Name },
                binaries,
                new Dictionary<string, string>(moreInputs ?? new Dictionary<string, string>()) { ["base image id"] = baseImage.Id });
            var outcome = await ImageBuilder.BuildAsync(docker, recipe, cancellationToken);
            var built = await EngineImages.TryInspectAsync(docker, image, cancellationToken);
            results.Add(new(image, outcome, built?.Size ?? 0));
        }

        await Build(names.Simulator, "wavelet-sim", new Dictionary<string, string> { [SimulatorBinary] = simulator });
        var waveletId = await WaveletImageIdAsync(docker, names, cancellationToken);
        await Build(names.Node, "wavelet-stack-node", new Dictionary<string, string> { [AgentBinary] = agent },
            new Dictionary<string, string> { ["WAVELET_IMAGE"] = names.Wavelet },
            new Dictionary<string, string> { ["wavelet image id"] = waveletId });
        await Build(names.LoadBalancer, "wavelet-stack-lb", new Dictionary<string, string> { [AgentBinary] = agent });
        await Build(names.Sync, "wavelet-stack-sync", new Dictionary<string, string>());
        if (names.WithMetrics) await Build(names.Metrics, "wavelet-stack-metrics", new Dictionary<string, string>());
        return results;
    }

    /// <summary>The registry image EnsureRegistry runs (local only, never pushed).</summary>
    public static async Task BuildRegistryAsync(IDockerClient docker, string root, CancellationToken cancellationToken)
    {
        var baseImage = await BaseImage.EnsureAsync(docker, cancellationToken);
        await ImageBuilder.BuildAsync(docker, new ImageRecipe(ImageNames.RegistryImage,
            Path.Combine(root, "nodes", "wavelet-stack-registry"),
            new Dictionary<string, string> { ["BASE_IMAGE"] = baseImage.Name },
            new Dictionary<string, string>(),
            new Dictionary<string, string> { ["base image id"] = baseImage.Id }), cancellationToken);
    }

    /// <summary>The Wavelet image the node copies from: the simulator, a local build, or a pull.</summary>
    static async Task<string> WaveletImageIdAsync(IDockerClient docker, ImageNames names, CancellationToken cancellationToken)
    {
        if (await EngineImages.TryInspectAsync(docker, names.Wavelet, cancellationToken) is { } present) return present.ID;
        Ui.Progress($"Pulling {names.Wavelet}…");
        if (await EngineImages.TryPullAsync(docker, names.Wavelet, WaveletPullTimeout, cancellationToken)
            && await EngineImages.TryInspectAsync(docker, names.Wavelet, cancellationToken) is { } pulled)
        {
            Ui.EndProgress();
            return pulled.ID;
        }
        Ui.EndProgress();
        throw new UserErrorException(
            $"The Wavelet image {names.Wavelet} is not on this engine and cannot be pulled; build it with WAVELET_BUILD_DIR=<wavelet checkout> (BuildWavelet), " +
            $"run `docker login` for {names.Registry}, or use WAVELET_TAG={ImageNames.SimulatorTag} for the simulator.");
    }

    public static Table Summary(IEnumerable<ImageBuildResult> results)
    {
        var table = new Table("image", "result", "size");
        foreach (var r in results)
            table.Add(r.Image, r.Outcome == BuildOutcome.Built ? "built" : "up to date", $"{r.SizeBytes / 1e6:0} MB");
        return table;
    }
}
