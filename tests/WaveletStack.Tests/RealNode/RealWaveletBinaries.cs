using System.Diagnostics;

namespace WaveletStack.Tests.RealNode;

/// <summary>The real programs for the stack tests (found by <see cref="WaveletStack.Testing.RealWaveletPrograms"/>), and which ones they were.</summary>
public static class RealWaveletBinaries
{
    public static string Folder() => WaveletStack.Testing.RealWaveletPrograms.Folder();

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
