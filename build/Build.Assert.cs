using WaveletStack.Assertions;
using WaveletStack.Targets;

/// <summary>
/// Assert: a CI step's check on a running stack in a small language ("height >= 50 on all and
/// peers >= 2 on 1..5"), polled until it holds (--within) and for as long as asked (--for).
/// </summary>
partial class Build
{
    [Parameter("Assert: the expression to check, clauses joined with 'and': `height|peers <op> N [on all|any|N|N..M]`, " +
               "`accepted_tps|query_latency_ms <op> N` (a running benchmark), `node N is up|down`, `api serving`, `healthy`; <op>: >= > <= < == !=")]
    readonly string? That;

    [Parameter("Assert: how long the expression may take to hold, polled every second (60s, 2m; default: it must hold at the first look)")]
    readonly TimeSpan? Within;

    [Parameter("Assert: how long it must then keep holding without a break (10s; default: one look that holds is enough)")]
    readonly TimeSpan? For;

    Target Assert => _ => _
        .Description("Exit 0 when --that \"<expression>\" holds on the stack (within --within, for --for), else 1 with the values last observed; a malformed expression exits 2")
        .Executes(async () =>
        {
            var configuration = await LoadStackConfigurationAsync();
            AssertOptions options;
            try { options = AssertOptions.Create(That, Within, For, configuration.Nodes); }
            catch (WaveletStack.UserErrorException e) { throw new ExitCodeException(2, e.Message); } // bad usage, before the stack is looked at
            using var observer = new StackObserver(await SwarmEngineAsync(configuration.Swarm), Stack, configuration.Nodes, configuration.SnowballK);
            await AssertionRunner.RunAndReportAsync(observer.ObserveAsync, options, CancellationToken);
        });
}
