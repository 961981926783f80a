using WaveletStack.Targets;
using Xunit;

namespace WaveletStack.Targets.Tests;

public class FailureTests
{
    class Failing : RecordingBuild
    {
        Target First => _ => _.Executes(() => Ran.Add("First"));
        Target Broken => _ => _.DependsOn(First).Executes(async () =>
        {
            await Task.Yield();
            throw new InvalidOperationException("the disk is full");
        });
        Target Last => _ => _.DependsOn(Broken).Executes(() => Ran.Add("Last"));
    }

    class HoldingResources : Failing, IAsyncDisposable
    {
        public ValueTask DisposeAsync()
        {
            Ran.Add("disposed");
            return ValueTask.CompletedTask;
        }
    }

    [Theory]
    [InlineData("First")]
    [InlineData("Last")]
    public void Run_OfADisposableBuild_DisposesItOnceAfterTheTargetsWhetherTheySucceedOrFail(string target)
    {
        var build = new HoldingResources();
        BuildHarness.Run(build, target);
        Assert.Equal(["First", "disposed"], build.Ran);
    }

    [Fact]
    public void Run_WhenTargetThrows_ExitsOneAndLaterTargetsAreNotRun()
    {
        var build = new Failing();
        var outcome = BuildHarness.Run(build, "Last");
        Assert.Equal(1, outcome.ExitCode);
        Assert.Equal(["First"], build.Ran);
        Assert.Contains("error: Broken failed: the disk is full", outcome.Error);
        Assert.DoesNotContain("at WaveletStack", outcome.Error);
        Assert.Matches(@"First\s+succeeded", outcome.Error);
        Assert.Matches(@"Broken\s+failed", outcome.Error);
        Assert.Matches(@"Last\s+not run", outcome.Error);
    }

    [Fact]
    public void Run_WhenTargetThrowsWithVerbose_PrintsStackTrace()
    {
        var outcome = BuildHarness.Run(new Failing(), "Last --verbose");
        Assert.Equal(1, outcome.ExitCode);
        Assert.Contains("System.InvalidOperationException: the disk is full", outcome.Error);
        Assert.Contains("   at ", outcome.Error);
    }

    [Fact]
    public void Run_WhenAllSucceed_ExitsZeroWithSummary()
    {
        var outcome = BuildHarness.Run(new Failing(), "First");
        Assert.Equal(0, outcome.ExitCode);
        Assert.Matches(@"Target\s+Status\s+Duration", outcome.Error);
        Assert.Matches(@"First\s+succeeded\s+\d+\.\d s", outcome.Error);
    }

    class ThrowingCondition : RecordingBuild
    {
        Target First => _ => _.Executes(() => Ran.Add("First"));
        Target Checked => _ => _.DependsOn(First).OnlyWhenDynamic(() => Fail()).Executes(() => Ran.Add("Checked"));
        Target Guarded => _ => _.OnlyWhenStatic(() => Fail()).Executes(() => Ran.Add("Guarded"));
        static bool Fail() => throw new InvalidOperationException("no answer from the engine");
    }

    [Fact]
    public void DynamicConditionThatThrows_FailsThatTarget()
    {
        var build = new ThrowingCondition();
        var outcome = BuildHarness.Run(build, "Checked");
        Assert.Equal(1, outcome.ExitCode);
        Assert.Equal(["First"], build.Ran);
        Assert.Contains("error: Checked failed: no answer from the engine", outcome.Error);
    }

    [Fact]
    public void StaticConditionThatThrows_ExitsOneBeforeRunningAnything()
    {
        var build = new ThrowingCondition();
        var outcome = BuildHarness.Run(build, "First Guarded");
        Assert.Equal(1, outcome.ExitCode);
        Assert.Empty(build.Ran);
        Assert.Contains("error: no answer from the engine", outcome.Error);
    }

    class PassingOnACode : RecordingBuild
    {
        Target Wrapper => _ => _.Executes(() => throw new ExitCodeException(7, "the command exited with code 7"));
        Target Next => _ => _.DependsOn(Wrapper).Executes(() => Ran.Add("Next"));
    }

    [Fact]
    public void Run_WhenTargetThrowsExitCodeException_ExitsWithThatCodeAfterTheSummary()
    {
        var build = new PassingOnACode();
        var outcome = BuildHarness.Run(build, "Next");
        Assert.Equal(7, outcome.ExitCode);
        Assert.Empty(build.Ran);
        Assert.Contains("error: Wrapper failed: the command exited with code 7", outcome.Error);
        Assert.Matches(@"Wrapper\s+failed \(exit 7\)", outcome.Error);
        Assert.Matches(@"Next\s+not run", outcome.Error);
        Assert.Matches(@"Total\s+\d+\.\d s", outcome.Error);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(256)]
    public void ExitCodeException_OutsideOneTo255_IsRefused(int code) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new ExitCodeException(code, "x"));
}
