using WaveletStack.Targets;
using Xunit;

namespace WaveletStack.Targets.Tests;

public class OrderTests
{
    class Graph : RecordingBuild
    {
        public bool Fast = true;
        Target Restore => _ => _.Executes(() => Ran.Add("Restore"));
        Target Compile => _ => _.DependsOn(Restore).Executes(() => Ran.Add("Compile"));
        Target Pack => _ => _.DependsOn(Compile).After(Test).Executes(() => Ran.Add("Pack"));
        Target Test => _ => _.DependsOn(Compile).Triggers(Report).Executes(() => Ran.Add("Test"));
        Target Report => _ => _.Executes(() => Ran.Add("Report"));
        Target Clean => _ => _.Before(Restore).Executes(() => Ran.Add("Clean"));
        Target Announce => _ => _.TriggeredBy(Pack).Executes(() => Ran.Add("Announce"));
        Target Slow => _ => _.OnlyWhenStatic(() => !Fast).DependsOn(Lint).Executes(() => Ran.Add("Slow"));
        Target Lint => _ => _.Executes(() => Ran.Add("Lint"));
        Target Late => _ => _.DependsOn(Restore).OnlyWhenDynamic(() => Ran.Count > 5).Executes(() => Ran.Add("Late"));
    }

    [Fact]
    public void Run_WithDependencies_RunsEachDependencyFirstAndOnce()
    {
        var build = new Graph();
        var outcome = BuildHarness.Run(build, "Compile Test");
        Assert.Equal(0, outcome.ExitCode);
        Assert.Equal(["Restore", "Compile", "Test", "Report"], build.Ran);
    }

    [Fact]
    public void Run_WithAfterAndBefore_OrdersOnlyTargetsThatArePlanned()
    {
        var build = new Graph();
        Assert.Equal(0, BuildHarness.Run(build, "Pack Test Clean").ExitCode);
        Assert.Equal(["Clean", "Restore", "Compile", "Test", "Report", "Pack", "Announce"], build.Ran);

        var alone = new Graph();
        BuildHarness.Run(alone, "Pack");
        Assert.Equal(["Restore", "Compile", "Pack", "Announce"], alone.Ran);
    }

    class TriggerAfterInProgress : RecordingBuild
    {
        Target Setup => _ => _.Triggers(Notify).Executes(() => Ran.Add("Setup"));
        Target Deploy => _ => _.DependsOn(Setup).Executes(() => Ran.Add("Deploy"));
        Target Notify => _ => _.After(Deploy).Executes(() => Ran.Add("Notify"));
    }

    [Fact]
    public void Run_WithTriggeredTargetOrderedAfterAnother_WaitsForIt()
    {
        var build = new TriggerAfterInProgress();
        BuildHarness.Run(build, "Deploy");
        Assert.Equal(["Setup", "Deploy", "Notify"], build.Ran);
    }

    [Fact]
    public void Run_WithFalseStaticCondition_SkipsTargetAndDependenciesOnlyItNeeds()
    {
        var build = new Graph();
        var outcome = BuildHarness.Run(build, "Slow Compile");
        Assert.Equal(0, outcome.ExitCode);
        Assert.Equal(["Restore", "Compile"], build.Ran);
        Assert.Matches(@"Slow\s+skipped \(condition false: Not\(Fast\)\)", outcome.Error);
        Assert.Matches(@"Lint\s+skipped \(only needed by skipped Slow\)", outcome.Error);
    }

    [Fact]
    public void Run_WithFalseDynamicCondition_SkipsTargetAfterItsDependenciesRan()
    {
        var build = new Graph();
        BuildHarness.Run(build, "Late");
        Assert.Equal(["Restore"], build.Ran);
    }

    [Fact]
    public void Run_WithNoTargetNamed_RunsTheDefaultTarget()
    {
        var build = new Graph();
        Assert.Equal(0, BuildHarness.Run(build, "", defaultTargets: "Compile").ExitCode);
        Assert.Equal(["Restore", "Compile"], build.Ran);
    }

    [Fact]
    public void Run_WithTargetNamesInAnyCase_FindsTheTargets()
    {
        var build = new Graph();
        BuildHarness.Run(build, "compile");
        Assert.Equal(["Restore", "Compile"], build.Ran);
    }

    [Fact]
    public void Plan_PrintsOrderWithReasonsAndRunsNothing()
    {
        var build = new Graph();
        var outcome = BuildHarness.Run(build, "Test --plan");
        Assert.Equal(0, outcome.ExitCode);
        Assert.Empty(build.Ran);
        Assert.Contains("1. Restore   (dependency of Compile)", outcome.Out);
        Assert.Contains("2. Compile   (dependency of Test)", outcome.Out);
        Assert.Contains("3. Test      (requested)", outcome.Out);
        Assert.Contains("4. Report    (triggered by Test)", outcome.Out);
    }

    [Fact]
    public void Skip_WithNames_SkipsThoseTargetsOnly()
    {
        var build = new Graph();
        var outcome = BuildHarness.Run(build, "Test --skip Restore");
        Assert.Equal(["Compile", "Test", "Report"], build.Ran);
        Assert.Matches(@"Restore\s+skipped \(--skip\)", outcome.Error);
    }

    [Fact]
    public void Skip_Alone_RunsOnlyRequestedTargets()
    {
        var build = new Graph();
        BuildHarness.Run(build, "Test --skip");
        Assert.Equal(["Test"], build.Ran);
    }

    [Fact]
    public void Skip_WithUnknownName_ExitsTwoWithSuggestion()
    {
        var outcome = BuildHarness.Run(new Graph(), "Test --skip Restor");
        Assert.Equal(2, outcome.ExitCode);
        Assert.Contains("did you mean Restore?", outcome.Error);
    }
}
