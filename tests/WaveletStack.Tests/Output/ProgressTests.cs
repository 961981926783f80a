using Xunit;
using WaveletStack.Output;

namespace WaveletStack.Tests.Output;

/// <summary>
/// Progress in a log (not a terminal): a line per change, not per poll. Ui's progress state is
/// the process's (one progress line at a time), so these run alone: a deploy test's progress in
/// parallel would count as the line printed last (CI saw it hold back this test's first line).
/// </summary>
[Collection(ProgressCollection.Name)]
public class ProgressTests
{
    [Fact]
    public void Progress_OutsideATerminal_PrintsOnlyWhenTheMessageChanges_NotWhenOnlyTheDetailDoes()
    {
        var lines = LogLines("wst-progress-test", () =>
        {
            for (var poll = 0; poll < 20; poll++) Ui.Progress("wst-progress-test: 0/3 running", $"{poll * 0.2:0.0} s");
            Ui.Progress("wst-progress-test: 3/3 running", "4.0 s");
        });
        Assert.Equal(["wst-progress-test: 0/3 running, 0.0 s", "wst-progress-test: 3/3 running, 4.0 s"], lines);
    }

    [Fact]
    public void Progress_OutsideATerminal_ChangesWithinFiveSeconds_PrintTheFirstAndTheLastOnly()
    {
        var lines = LogLines("wst-progress-rate", () =>
        {
            for (var running = 0; running <= 3; running++) Ui.Progress($"wst-progress-rate: {running}/3 running");
        });
        Assert.Equal(["wst-progress-rate: 0/3 running", "wst-progress-rate: 3/3 running"], lines);
    }

    /// <summary>What <paramref name="progress"/> prints as a log (not a terminal), ended by EndProgress; only the lines with <paramref name="prefix"/>.</summary>
    static List<string> LogLines(string prefix, Action progress)
    {
        Ui.EndProgress(); // a progress line another test left open would count as printed just now
        var (interactive, output) = (Ui.IsInteractive, Ui.Out);
        var log = new StringWriter();
        try
        {
            Ui.IsInteractive = false;
            Ui.Out = log;
            progress();
            Ui.EndProgress();
        }
        finally { (Ui.IsInteractive, Ui.Out) = (interactive, output); }
        return log.ToString().Split('\n').Where(l => l.StartsWith(prefix)).ToList();
    }
}

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProgressCollection
{
    public const string Name = "progress (runs alone)";
}
