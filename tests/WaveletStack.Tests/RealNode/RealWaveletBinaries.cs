using System.Diagnostics;
using WaveletStack.Tests.Images;

namespace WaveletStack.Tests.RealNode;

/// <summary>
/// Where the real upstream Wavelet programs (`wavelet`, `benchmark`) are: WAVELET_REAL_BINARIES,
/// else `../shared/real-wavelet/` beside the repository (every developer's and CI's machine has
/// it; the GitHub workflow builds them from upstream source). Missing programs fail the real-node
/// tests with this message: they are never skipped.
/// </summary>
public static class RealWaveletBinaries
{
    public const string Variable = "WAVELET_REAL_BINARIES";

    public static string Folder()
    {
        var candidates = new List<string>();
        if (Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } set) candidates.Add(Path.GetFullPath(set));
        candidates.Add(Path.GetFullPath(Path.Combine(ImagesFixture.RepositoryRoot(), "..", "shared", "real-wavelet")));
        foreach (var folder in candidates)
            if (File.Exists(Path.Combine(folder, "wavelet")) && File.Exists(Path.Combine(folder, "benchmark"))) return folder;
        throw new InvalidOperationException(
            $"The real Wavelet programs `wavelet` and `benchmark` were not found in {string.Join(" or ", candidates)}; " +
            $"set {Variable} to a folder holding both (built from perlin-network/wavelet) to run the real-node tests.");
    }

    /// <summary>What `wavelet --version` prints, for the test log: which real node was tried.</summary>
    public static string Describe(string folder)
    {
        var info = new ProcessStartInfo(Path.Combine(folder, "wavelet"), ["--version"]) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(info)!;
        var text = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
        process.WaitForExit(10_000);
        return $"real Wavelet programs in {folder}: {text.Trim().ReplaceLineEndings(" ")}";
    }
}
