using System.Text.Json;
using WaveletStack.Configuration;
using WaveletStack.Faults;
using WaveletStack.Node;
using Xunit;

namespace WaveletStack.Tests.Faults;

/// <summary>FaultSuite on the simulator stack: every fault in turn, measured, reported as table, JSON and chart.</summary>
[Collection(FaultStackCollection.Name)]
public sealed class FaultSuiteTests(FaultStackFixture stack) : IDisposable
{
    readonly string output = Directory.CreateTempSubdirectory("wst-faults-").FullName;

    public void Dispose() => Directory.Delete(output, recursive: true);

    [Fact]
    public async Task FaultSuite_FourFaultsOnTheSimulator_RecoverEachLoseNothingAndWriteTheReport()
    {
        var options = FaultSuiteOptions.Create("killwavelet,partition,sync,loadbalancer", "2", stack.Nodes, holdSeconds: 5, limit: null,
            latency: null, withBenchmark: false, output);
        var report = await FaultSuite.RunAndReportAsync(stack.Locator, stack.Configuration(stack.Stack), options, CancellationToken.None);

        Assert.Equal(["killwavelet", "partition", "sync", "loadbalancer"], report.Results.Select(r => r.Name));
        Assert.All(report.Results, r =>
        {
            Assert.True(r.Passed, $"{r.Name}: {r.Verdict} ({r.Seen}, {r.Error})");
            Assert.InRange(r.RecoverySeconds!.Value, 0, r.LimitSeconds);
            Assert.Empty(r.Lost);
        });
        Assert.StartsWith("node 2 silent", report.Results[1].Seen); // the partition was applied, not only announced
        Assert.StartsWith("container ", report.Results[2].Seen);
        Assert.Contains("simulator", report.Wavelet);

        var json = Directory.GetFiles(output, "fault-suite-*.json").Single();
        using var document = JsonDocument.Parse(await File.ReadAllTextAsync(json));
        Assert.Equal(4, document.RootElement.GetProperty("results").GetArrayLength());
        var svg = await File.ReadAllTextAsync(Path.ChangeExtension(json, ".svg"));
        Assert.Equal(4, System.Text.RegularExpressions.Regex.Matches(svg, "<rect x=\"120\"").Count); // one bar per fault
        System.Xml.Linq.XDocument.Parse(svg);
    }

    [Theory]
    [InlineData("kill,explode", "explode unknown")]
    [InlineData("kill,kill", "names a fault twice")]
    [InlineData("", "give a comma-separated list")]
    public void FaultSuite_BadFaultList_IsRefusedWithTheFaultsItKnows(string faults, string expected)
    {
        var error = Assert.Throws<UserErrorException>(() => FaultSuiteOptions.Create(faults, null, 3, null, null, null, false, output));
        Assert.Contains(expected, error.Message);
        Assert.Contains("kill, killwavelet, pause, partition, delay, sync, loadbalancer", error.Message);
    }

    [Theory]
    [InlineData("4", "1…3")]
    [InlineData("sync", "1…3")]
    public void FaultSuite_NodeThatIsNotAWaveletNodeOfTheStack_IsRefused(string node, string expected) =>
        Assert.Contains(expected, Assert.Throws<UserErrorException>(() => FaultSuiteOptions.Create(null, node, 3, null, null, null, false, output)).Message);

    [Fact]
    public void FaultSuite_NonPositiveDurationOrLimit_IsRefused()
    {
        Assert.Contains("--duration 0", Assert.Throws<UserErrorException>(() => FaultSuiteOptions.Create(null, null, 3, 0, null, null, false, output)).Message);
        Assert.Contains("--timeout -5", Assert.Throws<UserErrorException>(() =>
            FaultSuiteOptions.Create(null, null, 3, null, TimeSpan.FromSeconds(-5), null, false, output)).Message);
    }

    [Fact]
    public void Fault_BadInput_IsRefusedBeforeAnythingIsTouched()
    {
        Assert.Contains("needs --duration", Assert.Throws<UserErrorException>(() => new Fault(FaultKind.Pause, NodeId.Parse("1")).Validated()).Message);
        Assert.Contains("--duration -1", Assert.Throws<UserErrorException>(() =>
            new Fault(FaultKind.Partition, NodeId.Parse("1"), TimeSpan.FromSeconds(-1)).Validated()).Message);
        Assert.Contains("--delay", Assert.Throws<UserErrorException>(() =>
            new Fault(FaultKind.Delay, NodeId.Parse("1"), TimeSpan.FromSeconds(5)).Validated()).Message);
        Assert.Contains("runs no /wavelet", Assert.Throws<UserErrorException>(() => new Fault(FaultKind.KillWavelet, NodeId.Parse("sync")).Validated()).Message);
    }
}
