using System.Text;
using static WaveletStack.Benchmark.SvgFormat;

namespace WaveletStack.Benchmark;

/// <summary>
/// An SVG of a run: accepted TPS (top) and mean query latency (bottom) over time, one line per
/// instance and a thicker one for the total. Plain SVG, readable in any browser, no dependencies.
/// </summary>
public static class BenchmarkChart
{
    const int Width = 900, PanelHeight = 260, Left = 70, Right = 150, Top = 40, Gap = 60;
    static readonly string[] Colors = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#17becf"];

    public static string Render(BenchmarkResults results)
    {
        var series = results.Samples.GroupBy(s => s.Instance).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select((g, i) => (Name: g.Key, Color: Colors[i % Colors.Length], Width: 1.5,
                Tps: g.Select(s => (s.Seconds, s.AcceptedTps)).ToList(), Latency: g.Select(s => (s.Seconds, s.LatencyMeanMs)).ToList()))
            .ToList();
        var total = results.TotalSeries();
        series.Add((BenchmarkResults.TotalName, "#000000", 3, total.Select(p => (p.Seconds, p.AcceptedTps)).ToList(),
            total.Select(p => (p.Seconds, p.LatencyMeanMs)).ToList()));
        var maxSeconds = Math.Max(1, results.Samples.Select(s => s.Seconds).DefaultIfEmpty(1).Max());

        var height = Top + 2 * PanelHeight + Gap + 50;
        var svg = new StringBuilder();
        svg.AppendLine($"""<svg xmlns="http://www.w3.org/2000/svg" width="{Width}" height="{height}" viewBox="0 0 {Width} {height}" font-family="sans-serif" font-size="12">""");
        svg.AppendLine($"""<rect width="100%" height="100%" fill="white"/>""");
        svg.AppendLine($"""<text x="{Left}" y="22" font-size="15">{Escape($"Benchmark of {results.Stack}: {results.Count} instance(s), started {results.Started:u}")}</text>""");
        Panel(svg, Top, "accepted TPS", maxSeconds, series.Select(s => (s.Color, s.Width, s.Tps)).ToList());
        Panel(svg, Top + PanelHeight + Gap, "mean query latency (ms)", maxSeconds, series.Select(s => (s.Color, s.Width, s.Latency)).ToList());
        for (var i = 0; i < series.Count; i++)
        {
            var y = Top + 10 + i * 18;
            svg.AppendLine($"""<line x1="{Width - Right + 15}" y1="{y}" x2="{Width - Right + 40}" y2="{y}" stroke="{series[i].Color}" stroke-width="{N(series[i].Width)}"/>""");
            svg.AppendLine($"""<text x="{Width - Right + 45}" y="{y + 4}">{Escape(series[i].Name)}</text>""");
        }
        svg.AppendLine("</svg>");
        return svg.ToString();
    }

    static void Panel(StringBuilder svg, int top, string title, double maxSeconds,
        List<(string Color, double Width, List<(double X, double Y)> Points)> lines)
    {
        var plotWidth = Width - Left - Right;
        var maxY = Nice(lines.SelectMany(l => l.Points).Select(p => p.Y).DefaultIfEmpty(0).Max());
        double X(double seconds) => Left + seconds / maxSeconds * plotWidth;
        double Y(double value) => top + PanelHeight - value / maxY * PanelHeight;

        svg.AppendLine($"""<text x="{Left}" y="{top - 8}" font-weight="bold">{Escape(title)}</text>""");
        for (var i = 0; i <= 4; i++)
        {
            var value = maxY * i / 4;
            svg.AppendLine($"""<line x1="{Left}" y1="{N(Y(value))}" x2="{Left + plotWidth}" y2="{N(Y(value))}" stroke="#e0e0e0"/>""");
            svg.AppendLine($"""<text x="{Left - 6}" y="{N(Y(value) + 4)}" text-anchor="end">{N(value)}</text>""");
            var seconds = maxSeconds * i / 4;
            svg.AppendLine($"""<text x="{N(X(seconds))}" y="{top + PanelHeight + 16}" text-anchor="middle">{N(seconds)} s</text>""");
        }
        svg.AppendLine($"""<rect x="{Left}" y="{top}" width="{plotWidth}" height="{PanelHeight}" fill="none" stroke="#808080"/>""");
        foreach (var (color, width, points) in lines.Where(l => l.Points.Count > 0))
            svg.AppendLine($"""<polyline fill="none" stroke="{color}" stroke-width="{N(width)}" points="{string.Join(" ", points.OrderBy(p => p.X).Select(p => $"{N(X(p.X))},{N(Y(p.Y))}"))}"/>""");
    }
}
