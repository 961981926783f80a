using Docker.DotNet;
using WaveletStack.Output;
using WaveletStack.Processes;

namespace WaveletStack.Images;

/// <summary>
/// BuildWavelet: builds `<REGISTRY>/wavelet:<WAVELET_TAG>` for WAVELET_BUILD_DIR, which is either
/// a Wavelet checkout (built the way its own Makefile does: `make docker R=<registry> T=<tag>`)
/// or a folder holding the two programs `wavelet` and `benchmark` built elsewhere (laid out as
/// upstream's image on the project's base image, nodes/wavelet-binaries).
/// </summary>
public static class WaveletBuild
{
    static readonly TimeSpan BuildTimeout = TimeSpan.FromMinutes(60);
    public static readonly string[] Programs = ["wavelet", "benchmark"];
    static readonly string[] Makefiles = ["Makefile", "makefile", "GNUmakefile"];

    public enum Source { Checkout, Binaries }

    /// <summary>Runs only with a build directory, or when the stack asks for a rebuild on start.</summary>
    public static bool IsWanted(string? buildDir, bool rebuildOnStart) => !string.IsNullOrWhiteSpace(buildDir) || rebuildOnStart;

    /// <summary>What the folder holds, or why it cannot be built from (one sentence naming the value and what is allowed).</summary>
    public static (Source? Source, string? Problem) Inspect(string buildDir)
    {
        if (!Directory.Exists(buildDir))
            return (null, $"WAVELET_BUILD_DIR='{buildDir}' does not exist or cannot be read; expected a Wavelet checkout (with its Makefile) or a folder holding the programs `wavelet` and `benchmark`.");
        if (Makefiles.Any(f => File.Exists(Path.Combine(buildDir, f)))) return (Source.Checkout, null);
        var missing = Programs.Where(p => !File.Exists(Path.Combine(buildDir, p))).ToList();
        if (missing.Count == 0) return (Source.Binaries, null);
        return (null, $"WAVELET_BUILD_DIR='{buildDir}' has neither a Makefile nor the programs `wavelet` and `benchmark` (missing: {string.Join(", ", missing)}); " +
                      "point it at the root of a Wavelet checkout or at a folder holding both programs.");
    }

    public static async Task RunAsync(string? buildDir, ImageNames names, IDockerClient docker, string root, CancellationToken cancellationToken, string make = "make")
    {
        if (string.IsNullOrWhiteSpace(buildDir))
            throw new UserErrorException("WAVELET_REBUILD_ON_START asks for a Wavelet rebuild but WAVELET_BUILD_DIR is not set; set it to a Wavelet checkout (or a folder with `wavelet` and `benchmark`) or turn the rebuild off.");
        var (source, problem) = Inspect(buildDir);
        if (problem is not null) throw new UserErrorException(problem);
        if (source == Source.Binaries) await FromBinariesAsync(buildDir, names, docker, root, cancellationToken);
        else await FromCheckoutAsync(buildDir, names, make, cancellationToken);
    }

    static async Task FromBinariesAsync(string buildDir, ImageNames names, IDockerClient docker, string root, CancellationToken cancellationToken)
    {
        var baseImage = await BaseImage.EnsureAsync(docker, cancellationToken);
        var recipe = new ImageRecipe(names.Wavelet, Path.Combine(root, "nodes", "wavelet-binaries"),
            new Dictionary<string, string> { ["BASE_IMAGE"] = baseImage.Name },
            Programs.ToDictionary(p => p, p => Path.Combine(buildDir, p)),
            new Dictionary<string, string> { ["base image id"] = baseImage.Id });
        var outcome = await ImageBuilder.BuildAsync(docker, recipe, cancellationToken);
        Ui.Success(outcome == BuildOutcome.Built
            ? $"Built {names.Wavelet} from the programs in {buildDir}"
            : $"{names.Wavelet} is up to date with the programs in {buildDir}");
    }

    static async Task FromCheckoutAsync(string buildDir, ImageNames names, string make, CancellationToken cancellationToken)
    {
        var program = ExternalProcess.FindOnPath(make)
            ?? throw new UserErrorException($"`{make}` was not found on PATH, and building Wavelet runs `make docker`; install it (Debian: apt-get install make).");

        Ui.Info($"Building {names.Wavelet} in {buildDir}: make docker R={names.Registry} T={names.Tag}");
        var result = await ExternalProcess.RunAsync(program, ["docker", $"R={names.Registry}", $"T={names.Tag}"], buildDir,
            BuildTimeout, line => Ui.Progress("make docker: " + (line.Length > 100 ? line[..100] + "…" : line)), cancellationToken);
        Ui.EndProgress();
        if (result.ExitCode != 0)
        {
            Ui.Error.WriteLine(result.Tail());
            throw new UserErrorException(
                $"`make docker R={names.Registry} T={names.Tag}` in {buildDir} failed (exit {result.ExitCode}); its last lines are above. Fix the checkout's build and run BuildWavelet again.");
        }
        Ui.Success($"Built {names.Wavelet} from {buildDir}");
    }
}
