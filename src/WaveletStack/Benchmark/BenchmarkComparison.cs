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

    public static Table Compare(BenchmarkRecord previous, IReadOnlyList<InstanceSummary> current)
    {
        var table = new Table("instance", "accepted TPS before", "now", "change", "latency ms before", "now", "change");
        foreach (var now in current)
        {
            var before = previous.Summaries.FirstOrDefault(s => s.Instance == now.Instance);
            table.Add(now.Instance, F(before?.MeanAcceptedTps), F(now.MeanAcceptedTps), Change(before?.MeanAcceptedTps, now.MeanAcceptedTps),
                F(before?.MeanLatencyMs), F(now.MeanLatencyMs), Change(before?.MeanLatencyMs, now.MeanLatencyMs));
        }
        return table;
    }

    static string F(double? value) => value?.ToString("0.##", CultureInfo.InvariantCulture) ?? "-";

    /// <summary>The relative change as +12.3% / -4.0%; "new" with nothing before.</summary>
    public static string Change(double? before, double now) => before switch
    {
        null => "new",
        0 => now == 0 ? "0%" : "+∞",
        _ => ((now - before.Value) / before.Value).ToString("+0.0%;-0.0%;0%", CultureInfo.InvariantCulture),
    };
}
