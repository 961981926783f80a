namespace WaveletStack.Testing;

/// <summary>
/// Where the real upstream Wavelet programs (`wavelet`, `benchmark`) are: WAVELET_REAL_BINARIES,
/// else `../shared/real-wavelet/` beside the repository (every developer's and CI's machine has
/// it; the GitHub workflow builds them from upstream source). Missing programs fail the tests
/// that need them with this message: they are never skipped. One source, linked into each test
/// project that runs the real node.
/// </summary>
public static class RealWaveletPrograms
{
    public const string Variable = "WAVELET_REAL_BINARIES";

    public static string Folder()
    {
        var candidates = new List<string>();
        if (Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } set) candidates.Add(Path.GetFullPath(set));
        candidates.Add(Path.GetFullPath(Path.Combine(RepositoryRoot(), "..", "shared", "real-wavelet")));
        foreach (var folder in candidates)
            if (File.Exists(Path.Combine(folder, "wavelet")) && File.Exists(Path.Combine(folder, "benchmark"))) return folder;
        throw new InvalidOperationException(
            $"The real Wavelet programs `wavelet` and `benchmark` were not found in {string.Join(" or ", candidates)}; " +
            $"set {Variable} to a folder holding both (built from perlin-network/wavelet) to run the real-node tests" +
            (Environment.GetEnvironmentVariable("CI") == "true" ? "; CI must provide them." : "."));
    }

    public static string Wavelet => Path.Combine(Folder(), "wavelet");
    public static string Benchmark => Path.Combine(Folder(), "benchmark");

    /// <summary>The checkout's root: the nearest folder above the test assembly that holds WaveletStack.slnx.</summary>
    public static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "WaveletStack.slnx"))) return dir.FullName;
        throw new InvalidOperationException($"no WaveletStack.slnx above {AppContext.BaseDirectory}");
    }
}
