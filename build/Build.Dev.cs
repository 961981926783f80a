using WaveletStack.Dev;
using WaveletStack.Targets;

partial class Build
{
    Target Compile => _ => _
        .Description("Build every project of WaveletStack.slnx")
        .Executes(() => DotNet.RunAsync(RootDirectory, ["build", "WaveletStack.slnx", "--nologo"], CancellationToken));

    Target Test => _ => _
        .Description("Run every test (needs the local engine); ends with \"Test: N passed, N failed\"")
        .DependsOn(EnsureSwarm)
        .Executes(() => TestRun.RunAsync(RootDirectory, CancellationToken));
}
