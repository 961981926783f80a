using WaveletStack.Targets;
using Xunit;

namespace WaveletStack.Targets.Tests;

public class UsageTests
{
    class Small : RecordingBuild
    {
        [Parameter("Stack to act on")] public string Stack = "default-local";
        Target DeployStack => _ => _.Executes(() => Ran.Add("DeployStack"));
        Target RemoveStack => _ => _.Executes(() => Ran.Add("RemoveStack"));
    }

    [Fact]
    public void UnknownTarget_ExitsTwoAndSuggestsClosestName()
    {
        var build = new Small();
        var outcome = BuildHarness.Run(build, "DeploySatck");
        Assert.Equal(2, outcome.ExitCode);
        Assert.Contains("Unknown target DeploySatck; did you mean DeployStack?", outcome.Error);
        Assert.Empty(build.Ran);
    }

    [Fact]
    public void UnknownTarget_FarFromEveryName_ExitsTwoWithoutSuggestion()
    {
        var outcome = BuildHarness.Run(new Small(), "Xyzzy");
        Assert.Equal(2, outcome.ExitCode);
        Assert.DoesNotContain("did you mean", outcome.Error);
    }

    [Fact]
    public void UnknownParameter_ExitsTwoAndSuggestsClosestFlag()
    {
        var outcome = BuildHarness.Run(new Small(), "DeployStack --stak demo");
        Assert.Equal(2, outcome.ExitCode);
        Assert.Contains("Unknown parameter --stak; did you mean --stack?", outcome.Error);
    }

    [Fact]
    public void NoTargetAndNoDefault_ExitsTwo()
    {
        Assert.Equal(2, BuildHarness.Run(new Small(), "").ExitCode);
    }

    class Cyclic : NukeBuild
    {
        Target A => _ => _.DependsOn(B).Triggers(C);
        Target B => _ => _.After(C);
        Target C => _ => _;
        Target D => _ => _;
    }

    [Fact]
    public void Cycle_FailsAtStartUpNamingTheTargets()
    {
        var outcome = BuildHarness.Run(new Cyclic(), "D");
        Assert.Equal(2, outcome.ExitCode);
        Assert.Contains("The targets form a cycle", outcome.Error);
        Assert.Contains("A → B → C → A", outcome.Error);
    }

    class Duplicated : NukeBuild
    {
        Target Deploy => _ => _;
        Target deploy => _ => _;
    }

    [Fact]
    public void TwoTargetsWithOneName_FailAtStartUpNamingThem()
    {
        var outcome = BuildHarness.Run(new Duplicated(), "--help");
        Assert.Equal(2, outcome.ExitCode);
        Assert.Contains("Two targets share a name (names ignore case): Deploy and deploy", outcome.Error);
    }

    class BaseWithTarget : NukeBuild
    {
        protected Target Status => _ => _;
    }

    class Hiding : BaseWithTarget
    {
        new Target Status => _ => _;
    }

    [Fact]
    public void TargetHidingAnotherOfTheSameName_FailsAtStartUp()
    {
        var outcome = BuildHarness.Run(new Hiding(), "Status");
        Assert.Equal(2, outcome.ExitCode);
        Assert.Contains("Two targets share a name", outcome.Error);
    }

    class Collecting : RecordingBuild
    {
        Target Copy => _ => _.TakesArguments("<src>... <dest>").Executes(() => Ran.AddRange(Arguments));
        Target Other => _ => _.Executes(() => Ran.Add("Other"));
    }

    [Fact]
    public void TakesArguments_TakesEveryWordAfterTheTarget_EvenATargetName()
    {
        // `Copy 1:/tmp/x test` once ran the Test target; a word after Copy is Copy's.
        var build = new Collecting();
        var outcome = BuildHarness.Run(build, "Copy a other -- --c");
        Assert.Equal(0, outcome.ExitCode);
        Assert.Equal(["a", "other", "--c"], build.Ran);
    }

    [Fact]
    public void TakesArguments_TargetsNamedBeforeItStillRun()
    {
        var build = new Collecting();
        var outcome = BuildHarness.Run(build, "Other Copy a b");
        Assert.Equal(0, outcome.ExitCode);
        Assert.Equal(["Other", "a", "b"], build.Ran);
    }

    [Fact]
    public void Suggestions_PickTheClosestNameWithinTypoDistance()
    {
        Assert.Equal("DeployStack", Suggestions.Closest("deploystak", ["DeployStack", "RemoveStack"]));
        Assert.Null(Suggestions.Closest("Benchmark", ["DeployStack", "RemoveStack"]));
        Assert.Equal(3, Suggestions.Distance("kitten", "sitting"));
    }
}
