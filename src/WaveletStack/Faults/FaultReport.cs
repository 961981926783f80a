using System.Globalization;
using System.Security;
using System.Text;
using System.Text.Json;
using WaveletStack.Output;

namespace WaveletStack.Faults;

/// <summary>FaultSuite's outputs: the table it prints, the JSON it writes, and a chart of recovery time per fault.</summary>
public sealed record FaultReport(string Stack, string Wavelet, int Nodes, DateTimeOffset Started, IReadOnlyList<FaultResult> Results)
{
    public bool Passed => Results.Count > 0 && Results.All(r => r.Passed || r.Skipped is not null) && Results.Any(r => r.Passed);

    public Table ToTable()
    {
        var benchmark = Results.Any(r => r.TpsBefore is not null);
        var table = benchmark
            ? new Table("FAULT", "SEEN", "HELD", "RECOVERED IN", "MIN PEERS", "LOST", "TPS BEFORE", "DURING", "AFTER", "RESULT")
            : new Table("FAULT", "SEEN", "HELD", "RECOVERED IN", "MIN PEERS", "LOST", "RESULT");
        foreach (var r in Results)
        {
            object?[] cells =
            [
                r.Name, r.Seen ?? "-", r.HeldSeconds > 0 ? $"{r.HeldSeconds:0} s" : "-",
                r.RecoverySeconds is { } s ? $"{s:0.0} s" : r.Skipped is null ? $"> {r.LimitSeconds:0} s" : "-",
                r.MinPeers?.ToString(CultureInfo.InvariantCulture) ?? "-", r.Lost.Count == 0 ? "nothing" : string.Join("; ", r.Lost),
            ];
            table.Add(benchmark ? [.. cells, Tps(r.TpsBefore), Tps(r.TpsDuring), Tps(r.TpsAfter), r.Verdict] : [.. cells, r.Verdict]);
        }
        return table;
    }

    static string Tps(double? value) => value is { } v ? v.ToString("0", CultureInfo.InvariantCulture) : "-";

    public string ToJson() => JsonSerializer.Serialize(this, new JsonSerializerOptions { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase });

    /// <summary>One bar per fault (seconds to recover), the limit as a dashed line; a failed fault's bar is red and full height.</summary>
    public string ToSvg()
    {
        const int width = 760, left = 120, right = 40, top = 50, bar = 26, gap = 12;
        var plot = width - left - right;
        var limit = Results.Select(r => r.LimitSeconds).DefaultIfEmpty(60).Max();
        var height = top + Results.Count * (bar + gap) + 50;
        double X(double seconds) => left + Math.Min(seconds, limit) / limit * plot;
        var svg = new StringBuilder();
        svg.AppendLine($"""<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}" font-family="sans-serif" font-size="12">""");
        svg.AppendLine("""<rect width="100%" height="100%" fill="white"/>""");
        svg.AppendLine($"""<text x="{left}" y="24" font-size="15">{Escape($"FaultSuite on {Stack} ({Nodes} nodes, {Wavelet}), {Started:u}: seconds to recover")}</text>""");
        for (var i = 0; i < Results.Count; i++)
        {
            var r = Results[i];
            var y = top + i * (bar + gap);
            var seconds = r.RecoverySeconds ?? (r.Skipped is null ? limit : 0);
            var color = r.Skipped is not null ? "#bbbbbb" : r.Passed ? "#2ca02c" : "#d62728";
            svg.AppendLine($"""<text x="{left - 8}" y="{y + bar / 2 + 4}" text-anchor="end">{Escape(r.Name)}</text>""");
            svg.AppendLine($"""<rect x="{left}" y="{y}" width="{N(Math.Max(1, X(seconds) - left))}" height="{bar}" fill="{color}"/>""");
            var label = r.Skipped is not null ? "skipped" : r.RecoverySeconds is { } s ? $"{s:0.0} s" : $"not recovered in {r.LimitSeconds:0} s";
            svg.AppendLine($"""<text x="{N(Math.Min(X(seconds) + 6, width - right - 100))}" y="{y + bar / 2 + 4}">{Escape(label)}</text>""");
        }
        var axis = top + Results.Count * (bar + gap);
        for (var i = 0; i <= 4; i++)
        {
            var seconds = limit * i / 4;
            svg.AppendLine($"""<line x1="{N(X(seconds))}" y1="{top - 6}" x2="{N(X(seconds))}" y2="{axis}" stroke="{(i == 4 ? "#d62728" : "#e0e0e0")}"{(i == 4 ? " stroke-dasharray=\"4 3\"" : "")}/>""");
            svg.AppendLine($"""<text x="{N(X(seconds))}" y="{axis + 16}" text-anchor="middle">{N(seconds)} s{(i == 4 ? " (limit)" : "")}</text>""");
        }
        svg.AppendLine("</svg>");
        return svg.ToString();
    }

    /// <summary>Writes the JSON and the chart beside each other in <paramref name="folder"/>; returns their paths.</summary>
    public async Task<(string Json, string Svg)> WriteAsync(string folder, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(folder);
        var stem = Path.Combine(Path.GetFullPath(folder), $"fault-suite-{Stack}-{Started:yyyyMMdd-HHmmss}");
        await File.WriteAllTextAsync(stem + ".json", ToJson(), cancellationToken);
        await File.WriteAllTextAsync(stem + ".svg", ToSvg(), cancellationToken);
        return (stem + ".json", stem + ".svg");
    }

    static string N(double value) => value.ToString("0.#", CultureInfo.InvariantCulture);
    static string Escape(string text) => SecurityElement.Escape(text) ?? "";
}
