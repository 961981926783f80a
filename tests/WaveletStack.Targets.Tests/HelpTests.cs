using WaveletStack.Targets;
using Xunit;

namespace WaveletStack.Targets.Tests;

public class HelpTests
{
    class Described : RecordingBuild
    {
        Target EnsureEngine => _ => _.Description("Connect to the engine").Executes(() => Ran.Add("EnsureEngine"));
        Target DeployStack => _ => _.Description("Deploy the stack").DependsOn(EnsureEngine).Triggers(SeedEtcd)
            .Executes(() => Ran.Add("DeployStack"));
        Target SeedEtcd => _ => _.Description("Write the mapping").Executes(() => Ran.Add("SeedEtcd"));
        Target Helper => _ => _.Unlisted().Executes(() => Ran.Add("Helper"));
    }

    [Fact]
    public void Help_ListsTargetsWithDescriptionsDependenciesAndDefault_AndRunsNothing()
    {
        var build = new Described();
        var outcome = BuildHarness.Run(build, "--help", defaultTargets: "DeployStack");
        Assert.Equal(0, outcome.ExitCode);
        Assert.Empty(build.Ran);
        Assert.Contains("* DeployStack    Deploy the stack", outcome.Out);
        Assert.Contains("depends on: EnsureEngine", outcome.Out);
        Assert.Contains("triggers: SeedEtcd", outcome.Out);
        Assert.Contains("  EnsureEngine   Connect to the engine", outcome.Out);
        Assert.DoesNotContain("Helper", outcome.Out);
    }
}
