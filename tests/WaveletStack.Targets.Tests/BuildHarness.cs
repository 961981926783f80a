using WaveletStack.Targets;

namespace WaveletStack.Targets.Tests;

/// <summary>Runs a test build in-process with a given command line and environment, capturing its output.</summary>
internal static class BuildHarness
{
    public sealed record Outcome(int ExitCode, string Out, string Error);

    public static Outcome Run(NukeBuild build, string args, IReadOnlyDictionary<string, string?>? environment = null,
        string? rootDirectory = null, params string[] defaultTargets)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var run = new BuildRun(output, error, environment ?? new Dictionary<string, string?>(),
            rootDirectory ?? Path.Combine(Path.GetTempPath(), "wst-engine-no-root"));
        var words = args.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var code = BuildRunner.RunAsync(build, words, run, defaultTargets).GetAwaiter().GetResult();
        return new Outcome(code, output.ToString(), error.ToString());
    }
}

/// <summary>A build whose targets record the order they ran in.</summary>
internal abstract class RecordingBuild : NukeBuild
{
    public readonly List<string> Ran = [];
}
