using System.Diagnostics;
using WaveletStack.Node;
using Xunit;

namespace WaveletStack.Tests.Node;

/// <summary>
/// A command in a container that never ends, and a node API that accepts and never answers (as a
/// stopped /wavelet does), end by their deadline with a sentence instead of hanging the target.
/// </summary>
public sealed class ContainerExecDeadlineTests(ContainerFixture containers) : IClassFixture<ContainerFixture>
{
    [Fact]
    public async Task RunCaptured_PastItsDeadline_ThrowsNamingTheCommandTheNodeAndTheDeadline()
    {
        using var cancel = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        var node = await containers.StartAsync("1", ["sleep", "infinity"]);
        var watch = Stopwatch.StartNew();

        var error = await Assert.ThrowsAsync<ExecTimeoutException>(() =>
            ContainerExec.RunCapturedAsync(node, ["sleep", "600"], cancel.Token, TimeSpan.FromSeconds(2)));

        // The deadline's timer may fire a millisecond before this stopwatch reads 2 s (CI: 1.9988 s).
        Assert.InRange(watch.Elapsed, TimeSpan.FromSeconds(1.9), TimeSpan.FromSeconds(15));
        Assert.StartsWith($"`sleep 600` in {node} did not finish within 2 s; the node may be stopped or hung", error.Message);
    }

    [Fact]
    public async Task ShellChecked_PastItsDeadline_SaysWhatCouldNotBeDone()
    {
        using var cancel = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        var node = await containers.StartAsync("2", ["sleep", "infinity"]);
        // The deadline is StepTimeout (minutes); Ctrl-C still ends the wait at once, and is not a timeout.
        using var ctrlC = CancellationTokenSource.CreateLinkedTokenSource(cancel.Token);
        ctrlC.CancelAfter(TimeSpan.FromSeconds(1));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => ContainerExec.ShellCheckedAsync(node, "wait", "sleep 600", ctrlC.Token));
    }

    [Fact]
    public async Task HeightProbe_AgainstAnApiThatAcceptsAndNeverAnswers_IsNoAnswerWithinItsDeadline()
    {
        using var cancel = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        // Holds every connection on :9000 open and silent (perl-base is in every Debian image).
        var node = await containers.StartAsync("1", ["perl", "-MIO::Socket::INET", "-e",
            "$s = IO::Socket::INET->new(LocalPort => 9000, Listen => 5, ReuseAddr => 1) or die; while ($c = $s->accept) { push @held, $c }"]);
        await Task.Delay(500, cancel.Token);
        var watch = Stopwatch.StartNew();

        Assert.Null(await WaveletLedger.HeightAsync(node, cancel.Token));

        Assert.InRange(watch.Elapsed, WaveletLedger.ProbeTimeout - TimeSpan.FromSeconds(1), WaveletLedger.ProbeTimeout + TimeSpan.FromSeconds(10));
    }
}
