using WaveletStack.Output;

namespace WaveletStack.Images;

/// <summary>
/// BuildWavelet: builds `<REGISTRY>/wavelet:<WAVELET_TAG>` from a Wavelet checkout the way its
/// own Makefile does (`make docker R=<registry> T=<tag>`), for WAVELET_BUILD_DIR.
/// </summary>
public static class WaveletBuild
{
    static readonly TimeSpan BuildTimeout = TimeSpan.FromMinutes(60);

    /// <summary>Runs only with a build directory, or when the stack asks for a rebuild on start.</summary>
    public static bool IsWanted(string? buildDir, bool rebuildOnStart) => !string.IsNullOrWhiteSpace(buildDir) || rebuildOnStart;

    public static async Task RunAsync(string? buildDir, ImageNames names, CancellationToken cancellationToken, string make = "make")
    {
        if (string.IsNullOrWhiteSpace(buildDir))
            throw new UserErrorException("WAVELET_REBUILD_ON_START asks for a Wavelet rebuild but WAVELET_BUILD_DIR is not set; set it to a Wavelet checkout or turn the rebuild off.");
        if (!Directory.Exists(buildDir))
            throw new UserErrorException($"WAVELET_BUILD_DIR={buildDir} does not exist or cannot be read; point it at a Wavelet checkout.");
        if (!new[] { "Makefile", "makefile", "GNUmakefile" }.Any(f => File.Exists(Path.Combine(buildDir, f))))
            throw new UserErrorException($"WAVELET_BUILD_DIR={buildDir} has no Makefile; point it at the root of a Wavelet checkout (the folder with its Makefile).");
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
