// Stack lifecycle benchmark (local engine, simulator images; run BuildImages first):
//   dotnet run --project bench/stack -c Release -- [--nodes 3,10,25,50] [--runs 3]
// For each N: deploy from nothing to healthy+peered (render, deploy, wait), a no-op
// deploy, and a membership change (N → N+1 until the new node is peered). Prints min/median/max.
using System.Diagnostics;
using WaveletStack.Configuration;
using WaveletStack.Docker;
using WaveletStack.Output;
using WaveletStack.Stack;

var nodes = BenchSupport.Option(args, "--nodes", "3,10,25,50").Split(',').Select(int.Parse).ToList();
var runs = int.Parse(BenchSupport.Option(args, "--runs", "3"));
var root = BenchSupport.FindRoot();
using var cancel = BenchSupport.Start(TimeSpan.FromMinutes(60));
var token = cancel.Token;

await using var engine = LocalEngineConnection.Open();
var mode = PublishModeDetector.ForLocalEngine(PublishMode.Auto).Mode;
var results = new List<(int N, string Metric, double Seconds)>();
foreach (var n in nodes)
{
    var stack = $"wst-bench-stack-n{n}";
    StackLifecycle Lifecycle(int count) => new(engine, StackConfiguration.From(stack,
        new Dictionary<string, string> { ["SWARM"] = "default", ["WAVELET_TAG"] = "sim", ["WAVELET_NODES"] = $"{count}" }, root), root, mode);
    try
    {
        for (var run = 1; run <= runs; run++)
        {
            await Lifecycle(n).StopAsync(removeVolumes: true, token);
            results.Add((n, "deploy → healthy", await BenchSupport.TimeAsync(async () => await BenchSupport.UpAsync(token, Lifecycle(n)))));
            results.Add((n, "no-op deploy", await BenchSupport.TimeAsync(async () =>
            {
                var lifecycle = Lifecycle(n);
                var report = await lifecycle.DeployAsync(token);
                if (!report.ChangedNothing) throw new InvalidOperationException("the no-op deploy changed services");
            })));
            results.Add((n, $"{n} → {n + 1} nodes, peered", await BenchSupport.TimeAsync(async () => await BenchSupport.UpAsync(token, Lifecycle(n + 1)))));
            Console.Error.WriteLine($"N={n} run {run}/{runs}: {string.Join(", ", results.TakeLast(3).Select(r => $"{r.Metric} {r.Seconds:0.00} s"))}");
        }
    }
    finally
    {
        await Lifecycle(n).StopAsync(removeVolumes: true, CancellationToken.None);
    }
}

var table = new Table("N", "METRIC", "RUNS", "MIN s", "MEDIAN s", "MAX s");
foreach (var group in results.GroupBy(r => (r.N, r.Metric)))
{
    var s = group.Select(r => r.Seconds).Order().ToList();
    table.Add(group.Key.N, group.Key.Metric, s.Count, $"{s[0]:0.00}", $"{s[s.Count / 2]:0.00}", $"{s[^1]:0.00}");
}
Console.WriteLine(table);
return 0;

