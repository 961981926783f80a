// Stack lifecycle benchmark on the local engine (build the tags' images first: `./build.sh
// BuildImages` for sim, `./build.sh BuildImages --stack default-real` for the real node):
//   dotnet run --project bench/stack -c Release -- [--sim 3,10,25,50] [--real 3,10,25] [--runs 1] [--metrics no|yes|yes,no]
// For each N it first measures the floors on this machine, in this run: swarm starting N bare
// tasks of the base image from nothing, one more by a scale-up, and N on an overlay network (the
// engine's floor for tasks that talk to each other, as a stack's do), and those with one more task
// publishing the load balancer's number of ports (the stack's shape, no program). Then, per tag: fresh deploy →
// every node healthy, peered and API (main) serving; no-op deploy; StopStack → DeployStack with
// volumes kept; N → N+1 and N+1 → N (command → healthy and peered). Each figure is printed with
// its floor and the ratio of its median to that floor. Figures, never asserts.
using WaveletStack.Configuration;
using WaveletStack.Docker;
using WaveletStack.Output;
using WaveletStack.Stack;

var plan = new List<(string Tag, int N)>();
foreach (var tag in new[] { "sim", "real" })
{
    var list = BenchSupport.Option(args, $"--{tag}", tag == "sim" ? "3,10,25,50" : "3,10,25");
    if (list.Length > 0) plan.AddRange(list.Split(',').Select(n => (tag, int.Parse(n))));
}
var runs = int.Parse(BenchSupport.Option(args, "--runs", "1"));
// --metrics yes: every stack also runs the metrics service (Prometheus scraping every agent).
// --metrics yes,no: each run deploys with it and then without, so both see the same machine (its
// load drifts over minutes), and each figure is printed twice, marked.
var metricsValues = BenchSupport.Option(args, "--metrics", "no").Split(',');
var root = BenchSupport.FindRoot();
using var cancel = BenchSupport.Start(TimeSpan.FromMinutes(90));
var token = cancel.Token;

await using var engine = LocalEngineConnection.Open();
var mode = PublishModeDetector.ForLocalEngine(PublishMode.Auto).Mode;
var floors = new Dictionary<int, (double Many, double OneMore, double Networked, double Shaped)>();
var table = new Table("TAG", "N", "WHAT", "RUNS", "MIN s", "MEDIAN s", "MAX s", "FLOOR s", "× FLOOR", "OVERLAY FLOOR s", "× OVERLAY",
    "STACK FLOOR s", "× STACK");

foreach (var n in plan.Select(p => p.N).Distinct().Order())
{
    // The load balancer's ports for N nodes: the main API and, per node slot, its API and RPC.
    var lbPorts = new PortRequest(n, NoRpc: false).Slots * 2 + 1;
    floors[n] = (await BareTaskFloor.StartManyAsync(engine, n, token), await BareTaskFloor.MeasureAsync(engine, token),
        await BareTaskFloor.StartManyAsync(engine, n, token, overlay: true),
        await BareTaskFloor.StartManyAsync(engine, n, token, overlay: true, publishedPorts: lbPorts));
    Console.Error.WriteLine($"floor N={n}: {n} bare tasks from nothing {floors[n].Many:0.00} s, one more {floors[n].OneMore:0.00} s, " +
                            $"{n} on an overlay network {floors[n].Networked:0.00} s, " +
                            $"those and one publishing {lbPorts} host-mode ports (the stack's shape) {floors[n].Shaped:0.00} s");
}

foreach (var (tag, n) in plan)
{
    var stack = $"wst-bench-stack-{tag}-n{n}";
    var metrics = metricsValues[0];
    StackLifecycle Lifecycle(int count) => new(engine, StackConfiguration.From(stack, new Dictionary<string, string>
    {
        ["SWARM"] = "default", ["WAVELET_TAG"] = tag, ["WAVELET_NODES"] = $"{count}", ["WAVELET_METRICS"] = metrics,
    }, root), root, mode);
    var figures = new Dictionary<string, List<double>>();
    void Add(string what, double seconds)
    {
        if (metricsValues.Length > 1) what += $" [metrics {metrics}]";
        (figures.TryGetValue(what, out var list) ? list : figures[what] = []).Add(seconds);
        Console.Error.WriteLine($"{tag} N={n}: {what} {seconds:0.00} s");
    }
    try
    {
        foreach (var _ in Enumerable.Range(1, runs))
        foreach (var value in metricsValues)
        {
            metrics = value;
            await Lifecycle(n).StopAsync(removeVolumes: true, token);
            Add("fresh deploy → healthy, peered, API serving", await BenchSupport.TimeAsync(() => BenchSupport.UpAsync(token, Lifecycle(n))));
            Add("no-op deploy", await BenchSupport.TimeAsync(async () =>
            {
                if (!(await Lifecycle(n).DeployAsync(token)).ChangedNothing) throw new InvalidOperationException("the no-op deploy changed services");
            }));
            await Lifecycle(n).StopAsync(removeVolumes: false, token);
            Add("StopStack → DeployStack (volumes kept)", await BenchSupport.TimeAsync(() => BenchSupport.UpAsync(token, Lifecycle(n))));
            Add($"{n} → {n + 1}, peered", await BenchSupport.TimeAsync(() => BenchSupport.UpAsync(token, Lifecycle(n + 1))));
            Add($"{n + 1} → {n}, peered", await BenchSupport.TimeAsync(() => BenchSupport.UpAsync(token, Lifecycle(n))));
        }
    }
    catch (Exception e) when (e is not OperationCanceledException)
    {
        // A stack that does not get healthy is a figure too: say so and go on with the next N.
        table.Add(tag, n, $"FAILED: {e.Message.Split('\n')[0]}", "", "", "", "", "", "", "", "", "", "");
    }
    finally
    {
        await Lifecycle(n).StopAsync(removeVolumes: true, CancellationToken.None);
    }
    foreach (var (what, values) in figures)
    {
        var sorted = values.Order().ToList();
        var scaling = what.Contains("→ " + (n + 1)) || what.Contains((n + 1) + " →");
        var floor = scaling ? floors[n].OneMore : what.StartsWith("no-op") ? double.NaN : floors[n].Many;
        var overlay = scaling || double.IsNaN(floor) ? double.NaN : floors[n].Networked;
        var shaped = double.IsNaN(overlay) ? double.NaN : floors[n].Shaped;
        var median = sorted[sorted.Count / 2];
        table.Add(tag, n, what, sorted.Count, F(sorted[0]), F(median), F(sorted[^1]),
            Floor(floor), Ratio(median, floor), Floor(overlay), Ratio(median, overlay), Floor(shaped), Ratio(median, shaped));
    }
}

Console.WriteLine(table);
return 0;

static string F(double seconds) => $"{seconds:0.00}";
static string Floor(double seconds) => double.IsNaN(seconds) ? "-" : F(seconds);
static string Ratio(double median, double floor) => double.IsNaN(floor) ? "-" : $"{median / floor:0.0}";
