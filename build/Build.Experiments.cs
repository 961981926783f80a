using WaveletStack.Configuration;
using WaveletStack.Experiments;
using WaveletStack.Node;
using WaveletStack.Targets;

/// <summary>Experiments: Sweep benchmarks the stack over combinations of configuration values and compares them in one chart.</summary>
partial class Build
{
    [Parameter("Sweep: KEY=v1,v2,… to vary (repeat for more keys: every combination is run); keys that can be swept: WAVELET_SNOWBALL_K, WAVELET_SNOWBALL_BETA, WAVELET_NODES, WAVELET_MEMORY_MAX")]
    readonly string[] Vary = [];

    [Parameter("Sweep: benchmark each combination this many times (default 1); with 2 or more the chart shows ± 1 sd error bars")]
    readonly int? Repeat;

    [Parameter("Sweep: start every combination on new, empty databases (stops the stack and removes its volumes first; needs --force): the real node accepts few transactions for a while after its nodes restart"), CommandLineOnly]
    readonly bool Fresh;

    Target Sweep => _ => _
        .Description("Benchmark the stack for each combination of --vary values (--duration S each after a warm-up, --count B instances, --repeat R, --fresh --force); table, CSV, JSON and one chart; puts the configuration back at the end (--compare prev.json)")
        .Executes(async () =>
        {
            var plan = SweepPlan.Parse(Vary, Duration, Repeat, Count, Fresh, Force); // bad input is refused before the stack is looked at
            var engine = await NodeEngineAsync();
            await HoldLeaseAsync(engine, Stack);
            var stack = await SweepStack.OpenAsync(RootDirectory, Stack, StackConfigurationLoader.ProcessEnvironment(), RemoteConfigStore, engine, CancellationToken);
            await new WaveletStack.Experiments.Sweep(stack, new NodeLocator(engine, Stack)).RunAsync(
                new SweepOptions(plan, Output ?? Path.Combine(RootDirectory, "artifacts", "sweeps"), Compare, Timeout), CancellationToken);
        });
}
