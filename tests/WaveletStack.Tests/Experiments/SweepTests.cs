using Xunit;
using Xunit.Abstractions;
using WaveletStack.Configuration;
using WaveletStack.Docker;
using WaveletStack.Experiments;
using WaveletStack.Node;
using WaveletStack.Stack;
using WaveletStack.Tests.Images;

namespace WaveletStack.Tests.Experiments;

/// <summary>
/// Sweep on a simulator stack of its own (a file in stacks/, as a user's stack has one): a
/// two-value sweep of β, its table, files and chart, and the stack's file and services put back.
/// </summary>
public sealed class SweepTests(ITestOutputHelper output) : IAsyncLifetime
{
    readonly string stack = $"wst-sweep-{Guid.NewGuid():N}"[..18];
    readonly string root = ImagesFixture.RepositoryRoot();
    readonly LocalEngineConnection engine = LocalEngineConnection.Open();
    readonly string folder = Directory.CreateTempSubdirectory("wst-sweep-").FullName;
    string File => Path.Combine(root, "stacks", stack);

    // SWARM=default: the local engine whatever the name; the images this test run built.
    string OriginalText => $"# a sweep test's stack\nSWARM=default\nREGISTRY={ImagesFixture.Names.Registry}\nWAVELET_TAG=sim\nWAVELET_NODES=2\nWAVELET_SNOWBALL_K=1\n";

    static CancellationToken Timeout => new CancellationTokenSource(TimeSpan.FromMinutes(8)).Token;

    public async Task InitializeAsync()
    {
        await ImagesFixture.BuildOnceAsync(Timeout);
        await System.IO.File.WriteAllTextAsync(File, OriginalText);
    }

    public async Task DisposeAsync()
    {
        try
        {
            var configuration = StackConfiguration.From(stack, new Dictionary<string, string> { ["SWARM"] = "default" }, root);
            await new StackLifecycle(engine, configuration, root, PublishMode.Host).StopAsync(removeVolumes: true, CancellationToken.None);
        }
        finally
        {
            System.IO.File.Delete(File);
            Directory.Delete(folder, recursive: true);
            await engine.DisposeAsync();
        }
    }

    Task<SweepStack> OpenAsync() => SweepStack.OpenAsync(root, stack, new Dictionary<string, string>(), _ => null, engine, Timeout);

    [Fact]
    public async Task Sweep_TwoValuesOfBeta_PrintsAndWritesBothRowsAndOneChart_ThenPutsTheConfigurationBack()
    {
        var plan = SweepPlan.Parse(["WAVELET_SNOWBALL_BETA=150,25"], duration: 5, repeat: 1, count: 1);

        var (record, files) = await new Sweep(await OpenAsync(), new NodeLocator(engine, stack)).RunAsync(new SweepOptions(plan, folder), Timeout);

        foreach (var run in record.Runs)
            output.WriteLine($"simulator, 2 nodes, {run.Combination}: {run.MeanAcceptedTps:0.0} TPS (p50 {run.P50AcceptedTps:0.0}, p95 {run.P95AcceptedTps:0.0}), " +
                             $"latency {run.MeanLatencyMs:0.00} ms, height +{run.HeightGained}, healthy after {run.ToHealthySeconds:0.0} s");
        Assert.Equal(["β=150", "β=25"], record.Runs.Select(r => r.Combination));
        Assert.All(record.Runs, r => Assert.True(r.MeanAcceptedTps > 0 && r.HeightGained > 0 && r.ToHealthySeconds > 0, $"{r}"));
        var csv = await System.IO.File.ReadAllLinesAsync(files.Csv);
        Assert.Equal(3, csv.Length);
        Assert.StartsWith("WAVELET_SNOWBALL_BETA,repeat,accepted_tps_mean", csv[0]);
        Assert.StartsWith("150,1,", csv[1]);
        var svg = await System.IO.File.ReadAllTextAsync(files.Svg);
        Assert.Equal(4, svg.Split("class=\"bar\"").Length - 1); // two bars each for TPS and latency
        Assert.Contains(">β=150<", svg);
        Assert.DoesNotContain("class=\"error\"", svg); // one run each: no error bars

        Assert.Equal(OriginalText, await System.IO.File.ReadAllTextAsync(File));
        var node = await new NodeLocator(engine, stack).FindAsync("1", Timeout);
        var environment = (await engine.Manager.Containers.InspectContainerAsync(node.ContainerId, Timeout)).Config.Env;
        Assert.Contains("WAVELET_SNOWBALL_BETA=25", environment); // the default again, after β=150 ran last but one
    }

    [Fact]
    public async Task Sweep_WithAValueThatFailsValidation_StopsBeforeTheFirstChange()
    {
        var plan = SweepPlan.Parse(["WAVELET_SNOWBALL_K=1,0"], duration: 5, repeat: 1, count: 1);
        var sweep = new Sweep(await OpenAsync(), new NodeLocator(engine, stack));

        var refused = await Assert.ThrowsAsync<UserErrorException>(() => sweep.RunAsync(new SweepOptions(plan, folder), Timeout));

        output.WriteLine(refused.Message);
        Assert.Contains("K=0", refused.Message);
        Assert.Contains("WAVELET_SNOWBALL_K", refused.Message);
        Assert.Equal(OriginalText, await System.IO.File.ReadAllTextAsync(File));
        Assert.Empty(await StackServices.ListAsync(engine.Manager, stack, Timeout));
        Assert.Empty(Directory.GetFiles(folder));
    }

    [Theory]
    [InlineData("REGISTRY=a,b", "REGISTRY cannot be swept; keys that can be swept: WAVELET_SNOWBALL_K, WAVELET_SNOWBALL_BETA, WAVELET_NODES, WAVELET_MEMORY_MAX")]
    [InlineData("WAVELET_SNOWBAL_K=1,2", "'WAVELET_SNOWBAL_K' is not a configuration key")]
    [InlineData("WAVELET_SNOWBALL_K", "is not KEY=v1,v2")]
    [InlineData("WAVELET_SNOWBALL_K=1,,2", "has an empty value")]
    [InlineData("WAVELET_SNOWBALL_K=1,1", "repeats a value")]
    public void SweepPlan_BadVary_IsRefusedNamingItAndWhatIsAllowed(string vary, string expected)
    {
        var refused = Assert.Throws<UserErrorException>(() => SweepPlan.Parse([vary], 20, 1, 1));
        Assert.Contains(expected, refused.Message);
    }

    [Fact]
    public void SweepPlan_TwoKeys_IsTheirCartesianProductFirstKeySlowest()
    {
        var plan = SweepPlan.Parse(["WAVELET_SNOWBALL_K=1,2", "WAVELET_SNOWBALL_BETA=25,150"], 20, 3, 1);

        Assert.Equal(["K=1 β=25", "K=1 β=150", "K=2 β=25", "K=2 β=150"], plan.Combinations.Select(c => c.Label));
        Assert.Throws<UserErrorException>(() => SweepPlan.Parse(["WAVELET_SNOWBALL_K=1,2", "WAVELET_SNOWBALL_K=3"], 20, 1, 1));
        Assert.Contains("--repeat 0", Assert.Throws<UserErrorException>(() => SweepPlan.Parse(["WAVELET_SNOWBALL_K=1"], 20, 0, 1)).Message);
        Assert.Contains("--duration 2", Assert.Throws<UserErrorException>(() => SweepPlan.Parse(["WAVELET_SNOWBALL_K=1"], 2, 1, 1)).Message);
        Assert.Contains("add --force", Assert.Throws<UserErrorException>(() => SweepPlan.Parse(["WAVELET_SNOWBALL_K=1"], 20, 1, 1, fresh: true)).Message);
        Assert.True(SweepPlan.Parse(["WAVELET_SNOWBALL_K=1"], 20, 1, 1, fresh: true, force: true).Fresh);
    }

    [Fact]
    public void SweepChart_WithRepeats_DrawsAnErrorBarPerCombination()
    {
        SweepRun Run(string label, int repeat, double tps) => new(label, new Dictionary<string, string>(), repeat, tps, tps, tps, 2, 3, 1);
        var runs = new[] { Run("K=1", 1, 10), Run("K=1", 2, 14), Run("K=2", 1, 20), Run("K=2", 2, 22) };
        var record = new SweepRecord("s", DateTimeOffset.UnixEpoch, 20, 5, 2, ["WAVELET_SNOWBALL_K"], SweepSummary.Of(runs), runs);

        var svg = SweepChart.Render(record);

        Assert.Equal(2, svg.Split("class=\"error\"").Length - 1);
        Assert.Equal(12, record.Summaries[0].MeanAcceptedTps);
        Assert.Equal(Math.Sqrt(8), record.Summaries[0].StdDevAcceptedTps, 6);
    }
}
