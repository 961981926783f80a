using System.Globalization;
using System.Text;
using System.Text.Json;
using WaveletStack.Benchmark;
using WaveletStack.Output;

namespace WaveletStack.Experiments;

/// <summary>Where a sweep's files went.</summary>
public sealed record SweepFiles(string Csv, string Json, string Svg);

/// <summary>A sweep's table (printed a row at a time as it goes), its CSV, JSON and chart, and --compare against an earlier sweep.</summary>
public static class SweepReport
{
    public static readonly string[] Columns =
        ["combination", "run", "accepted TPS mean", "p50", "p95", "query latency ms", "height gained", "to healthy s"];

    public static Table Table(IEnumerable<SweepRun> runs)
    {
        var table = new Table(Columns);
        foreach (var run in runs) table.Add(Cells(run));
        return table;
    }

    static object[] Cells(SweepRun r) =>
        [r.Combination, r.Repeat, F(r.MeanAcceptedTps), F(r.P50AcceptedTps), F(r.P95AcceptedTps), F(r.MeanLatencyMs), r.HeightGained, F(r.ToHealthySeconds)];

    public static string ToCsv(SweepRecord sweep)
    {
        var csv = new StringBuilder(string.Join(",", sweep.Keys.Append("repeat").Concat(
            ["accepted_tps_mean", "accepted_tps_p50", "accepted_tps_p95", "query_latency_mean_ms", "height_gained", "to_healthy_seconds"])) + "\n");
        foreach (var r in sweep.Runs)
            csv.AppendLine(string.Join(",", sweep.Keys.Select(k => r.Values[k]).Append($"{r.Repeat}").Concat(
                [F(r.MeanAcceptedTps), F(r.P50AcceptedTps), F(r.P95AcceptedTps), F(r.MeanLatencyMs), $"{r.HeightGained}", F(r.ToHealthySeconds)])));
        return csv.ToString();
    }

    public static async Task<SweepFiles> WriteAsync(SweepRecord sweep, string folder, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(folder);
        var stem = Path.Combine(Path.GetFullPath(folder), $"sweep-{sweep.Stack}-{sweep.Started:yyyyMMdd-HHmmss}");
        var files = new SweepFiles(stem + ".csv", stem + ".json", stem + ".svg");
        await File.WriteAllTextAsync(files.Csv, ToCsv(sweep), cancellationToken);
        await File.WriteAllTextAsync(files.Json, JsonSerializer.Serialize(sweep, BenchmarkResults.Json), cancellationToken);
        await File.WriteAllTextAsync(files.Svg, SweepChart.Render(sweep), cancellationToken);
        return files;
    }

    /// <summary>An earlier sweep's JSON, checked before the stack is touched.</summary>
    public static SweepRecord Load(string path)
    {
        if (!File.Exists(path)) throw new UserErrorException($"--compare '{path}' does not exist; give the .json a previous Sweep wrote.");
        try
        {
            return JsonSerializer.Deserialize<SweepRecord>(File.ReadAllText(path), BenchmarkResults.Json) is { Summaries: not null } record
                ? record : throw new JsonException("no summaries");
        }
        catch (JsonException e)
        {
            throw new UserErrorException($"--compare '{path}' is not a sweep JSON written by Sweep ({e.Message}).", e);
        }
    }

    /// <summary>Each combination's mean accepted TPS and latency against the earlier sweep's same combination.</summary>
    public static Table Compare(SweepRecord previous, IReadOnlyList<SweepSummary> current) =>
        BenchmarkComparison.Table("combination", current.Select(now => (now.Combination,
            previous.Summaries.FirstOrDefault(s => s.Combination == now.Combination) is { } before
                ? new BenchmarkComparison.Figures(before.MeanAcceptedTps, before.MeanLatencyMs) : null,
            new BenchmarkComparison.Figures(now.MeanAcceptedTps, now.MeanLatencyMs))));

    static string F(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);
}
