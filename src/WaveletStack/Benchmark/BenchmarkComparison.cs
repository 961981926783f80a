using System.Globalization;
using System.Text.Json;
using WaveletStack.Output;

namespace WaveletStack.Benchmark;

/// <summary>`--compare previous.json`: each instance's and the total's figures against an earlier run.</summary>
public static class BenchmarkComparison
{
    public static BenchmarkRecord Load(string path)
    {
        if (!File.Exists(path)) throw new UserErrorException($"--compare '{path}' does not exist; give the .json a previous Benchmark wrote.");
        try
        {
            return JsonSerializer.Deserialize<BenchmarkRecord>(File.ReadAllText(path), BenchmarkResults.Json)
                ?? throw new JsonException("empty");
        }
        catch (JsonException e)
        {
            throw new UserErrorException($"--compare '{path}' is not a benchmark JSON written by Benchmark ({e.Message}).", e);
        }
    }

    public static Table Compare(BenchmarkRecord previous, IReadOnlyList<InstanceSummary> current) =>
        Table("instance", current.Select(now => (now.Instance, previous.Summaries.FirstOrDefault(s => s.Instance == now.Instance) is { } before
            ? new Figures(before.MeanAcceptedTps, before.MeanLatencyMs) : null, new Figures(now.MeanAcceptedTps, now.MeanLatencyMs))));

    /// <summary>Mean accepted TPS and mean query latency: what a comparison compares.</summary>
    public sealed record Figures(double AcceptedTps, double LatencyMs);

    /// <summary>One row per name: its figures before (null: new), now, and the change of each (Benchmark's instances, Sweep's combinations).</summary>
    public static Table Table(string nameColumn, IEnumerable<(string Name, Figures? Before, Figures Now)> rows)
    {
        var table = new Table(nameColumn, "accepted TPS before", "now", "change", "latency ms before", "now", "change");
        foreach (var (name, before, now) in rows)
            table.Add(name, F(before?.AcceptedTps), F(now.AcceptedTps), Change(before?.AcceptedTps, now.AcceptedTps),
                F(before?.LatencyMs), F(now.LatencyMs), Change(before?.LatencyMs, now.LatencyMs));
        return table;
    }

    static string F(double? value) => value?.ToString("0.##", CultureInfo.InvariantCulture) ?? "-";

    static string Change(double? before, double now) => before switch
    {
        null => "new",
        0 => now == 0 ? "0%" : "+∞",
        _ => ((now - before.Value) / before.Value).ToString("+0.0%;-0.0%;0%", CultureInfo.InvariantCulture),
    };
}
