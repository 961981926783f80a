using WaveletStack.Node;
using WaveletStack.Output;

namespace WaveletStack.Benchmark;

/// <summary>What `Benchmark` was asked for.</summary>
/// <param name="WarmupSeconds">Run this much longer first and leave it out of the figures (with a duration only).</param>
public sealed record BenchmarkOptions(int Count = 1, int? DurationSeconds = null, string? Compare = null, string OutputFolder = "benchmarks",
    int WarmupSeconds = 0);

/// <summary>Where a run's files went.</summary>
public sealed record BenchmarkFiles(string Csv, string Json, string Svg);

/// <summary>
/// `Benchmark`: scales the benchmark service to N, streams every instance's lines live with the
/// running aggregate, and at the end prints the summary and writes CSV, JSON and an SVG chart.
/// With a duration the service goes back to 0 afterwards; without one Ctrl-C ends the streaming
/// and the benchmark keeps running, as the original's did (StopBenchmark stops it).
/// </summary>
public sealed class BenchmarkRun(NodeLocator locator)
{
    public async Task<(BenchmarkResults Results, BenchmarkFiles Files)> RunAsync(BenchmarkOptions options, CancellationToken cancellationToken)
    {
        if (options.Count < 1) throw new UserErrorException($"--count {options.Count} is not valid; give 1 or more benchmark instances.");
        if (options.DurationSeconds is < 1) throw new UserErrorException($"--duration {options.DurationSeconds} is not valid; give seconds, 1 or more.");
        var previous = options.Compare is null ? null : BenchmarkComparison.Load(options.Compare);
        if (!Directory.Exists(options.OutputFolder)) Directory.CreateDirectory(options.OutputFolder);

        var service = new BenchmarkService(locator.Connection, locator.Stack);
        await service.ScaleAsync(options.Count, cancellationToken);
        var started = DateTimeOffset.UtcNow;
        var results = new BenchmarkResults(locator.Stack, options.Count, started, options.DurationSeconds is null ? 0 : options.WarmupSeconds);

        using var streaming = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        Ui.Info(options.DurationSeconds is null
            ? "Streaming benchmark lines; Ctrl-C stops streaming (the benchmark keeps running until `./build.sh StopBenchmark`)."
            : $"Benchmarking for {options.DurationSeconds} s once every instance prints figures" +
              (options.WarmupSeconds > 0 ? $", after a warm-up of {options.WarmupSeconds} s that the figures leave out." : "."));
        var timer = options.DurationSeconds is { } seconds ? StopAfterAsync(results, options.WarmupSeconds + seconds, streaming) : Task.CompletedTask;
        var instances = Enumerable.Range(1, options.Count).Select(slot => NodeId.FromTask(NodeId.BenchmarkService, slot)).ToList();
        await Task.WhenAll(instances.Select(id => StreamAsync(id, results, streaming.Token)));
        streaming.Cancel(); // every log ended by itself (instances removed): the timer has nothing left to wait for
        await timer;
        Ui.EndProgress();

        if (options.DurationSeconds is not null)
            await service.ScaleAsync(0, CancellationToken.None);
        else
            Ui.Info($"The benchmark keeps running; stop it with `./build.sh StopBenchmark --stack {locator.Stack}`.");
        results.EnsureSamples(instances.Select(i => i.ToString()), (DateTimeOffset.UtcNow - started).TotalSeconds);

        Ui.Info(results.SummaryTable().ToString());
        if (previous is not null)
        {
            Ui.Info($"Change against {options.Compare} ({previous.Started:u}):");
            Ui.Info(BenchmarkComparison.Compare(previous, results.Summaries()).ToString());
        }
        var files = await WriteAsync(results, options.OutputFolder, CancellationToken.None);
        Ui.Info($"Samples: {files.Csv}");
        Ui.Info($"Summary: {files.Json}");
        Ui.Success($"Chart: {files.Svg}");
        return (results, files);
    }

    /// <summary>How long instances may take to print their first figures (start, connect) before a run gives up on them.</summary>
    static readonly TimeSpan FirstFiguresTimeout = TimeSpan.FromSeconds(120);

    /// <summary>
    /// Ends the streaming <paramref name="seconds"/> after every instance printed its first figures:
    /// container start and connecting are not part of the measurement. Gives up after
    /// <see cref="FirstFiguresTimeout"/> (the run then reports what it has, or fails with none).
    /// </summary>
    static async Task StopAfterAsync(BenchmarkResults results, int seconds, CancellationTokenSource streaming)
    {
        try
        {
            await results.AllReporting.WaitAsync(FirstFiguresTimeout, streaming.Token);
            await Task.Delay(TimeSpan.FromSeconds(seconds), streaming.Token);
        }
        catch (TimeoutException)
        {
            Ui.Warn($"Not every benchmark instance printed figures within {FirstFiguresTimeout.TotalSeconds:0} s; stopping.");
        }
        catch (OperationCanceledException)
        {
            return; // Ctrl-C
        }
        streaming.Cancel();
    }

    /// <summary>Follows one instance's log from the start of the run until streaming ends.</summary>
    Task StreamAsync(NodeId id, BenchmarkResults results, CancellationToken cancellationToken) =>
        BenchmarkLog.FollowAsync(locator, id, results.Started.AddSeconds(-5), line =>
        {
            var sample = BenchmarkSample.Parse(line, id.ToString(), (DateTimeOffset.UtcNow - results.Started).TotalSeconds);
            if (sample is null)
            {
                if (line.Trim().Length > 0) results.NoteOtherLine(id.ToString(), AnsiText.Strip(line));
                return;
            }
            results.Add(sample);
            Ui.Info($"{id,-12} {AnsiText.Strip(line).Trim()}");
            Ui.Progress(results.Aggregate());
        }, cancellationToken);

    static async Task<BenchmarkFiles> WriteAsync(BenchmarkResults results, string folder, CancellationToken cancellationToken)
    {
        var stem = Path.Combine(Path.GetFullPath(folder), $"{results.Stack}-{results.Started:yyyyMMdd-HHmmss}");
        var files = new BenchmarkFiles(stem + ".csv", stem + ".json", stem + ".svg");
        await File.WriteAllTextAsync(files.Csv, results.ToCsv(), cancellationToken);
        await File.WriteAllTextAsync(files.Json, results.ToJson(), cancellationToken);
        await File.WriteAllTextAsync(files.Svg, BenchmarkChart.Render(results), cancellationToken);
        return files;
    }
}
