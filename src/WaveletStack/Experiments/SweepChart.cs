using System.Text;
using static WaveletStack.Benchmark.SvgFormat;

namespace WaveletStack.Experiments;

/// <summary>
/// One SVG comparing a sweep's combinations: a bar per combination for mean accepted TPS (top,
/// with an error bar of ± one standard deviation over the repeats when there are several) and
/// one for mean query latency (bottom). Plain SVG, as BenchmarkChart.
/// </summary>
public static class SweepChart
{
    const int Left = 70, Right = 30, Top = 50, PanelHeight = 220, Gap = 90, BarSlot = 90, MinWidth = 500;
    const string TpsColor = "#1f77b4", LatencyColor = "#ff7f0e";

    public static string Render(SweepRecord sweep)
    {
        var bars = sweep.Summaries;
        var width = Math.Max(MinWidth, Left + Right + bars.Count * BarSlot);
        var height = Top + 2 * PanelHeight + Gap + 60;
        var svg = new StringBuilder();
        svg.AppendLine($"""<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}" font-family="sans-serif" font-size="12">""");
        svg.AppendLine("""<rect width="100%" height="100%" fill="white"/>""");
        var title = $"Sweep of {sweep.Stack}: {bars.Count} combinations, {sweep.DurationSeconds} s each (after {sweep.WarmupSeconds} s warm-up)" +
                    (sweep.Repeat > 1 ? $", {sweep.Repeat} runs each (bars: mean ± 1 sd)" : "");
        svg.AppendLine($"""<text x="{Left}" y="22" font-size="15">{Escape(title)}</text>""");
        Panel(svg, width, Top, "mean accepted TPS", TpsColor, bars.Select(b => (b.Combination, b.MeanAcceptedTps, sweep.Repeat > 1 ? b.StdDevAcceptedTps : 0)).ToList());
        Panel(svg, width, Top + PanelHeight + Gap, "mean query latency (ms)", LatencyColor, bars.Select(b => (b.Combination, b.MeanLatencyMs, 0.0)).ToList());
        svg.AppendLine("</svg>");
        return svg.ToString();
    }

    static void Panel(StringBuilder svg, int width, int top, string title, string color, List<(string Label, double Value, double Error)> bars)
    {
        var plotWidth = width - Left - Right;
        var maxY = Nice(bars.Select(b => b.Value + b.Error).DefaultIfEmpty(0).Max());
        double Y(double value) => top + PanelHeight - value / maxY * PanelHeight;
        var slot = bars.Count == 0 ? plotWidth : (double)plotWidth / bars.Count;

        svg.AppendLine($"""<text x="{Left}" y="{top - 10}" font-weight="bold">{Escape(title)}</text>""");
        for (var i = 0; i <= 4; i++)
        {
            var value = maxY * i / 4;
            svg.AppendLine($"""<line x1="{Left}" y1="{N(Y(value))}" x2="{Left + plotWidth}" y2="{N(Y(value))}" stroke="#e0e0e0"/>""");
            svg.AppendLine($"""<text x="{Left - 6}" y="{N(Y(value) + 4)}" text-anchor="end">{N(value)}</text>""");
        }
        for (var i = 0; i < bars.Count; i++)
        {
            var (label, value, error) = bars[i];
            var x = Left + i * slot + slot * 0.2;
            var barWidth = slot * 0.6;
            svg.AppendLine($"""<rect class="bar" x="{N(x)}" y="{N(Y(value))}" width="{N(barWidth)}" height="{N(top + PanelHeight - Y(value))}" fill="{color}"><title>{Escape($"{label}: {N(value)}")}</title></rect>""");
            svg.AppendLine($"""<text x="{N(x + barWidth / 2)}" y="{N(Y(value) - 4)}" text-anchor="middle">{N(value)}</text>""");
            if (error > 0)
            {
                var middle = N(x + barWidth / 2);
                svg.AppendLine($"""<line class="error" x1="{middle}" y1="{N(Y(Math.Max(0, value - error)))}" x2="{middle}" y2="{N(Y(value + error))}" stroke="#000" stroke-width="1.5"/>""");
                foreach (var end in new[] { Math.Max(0, value - error), value + error })
                    svg.AppendLine($"""<line x1="{N(x + barWidth / 2 - 6)}" y1="{N(Y(end))}" x2="{N(x + barWidth / 2 + 6)}" y2="{N(Y(end))}" stroke="#000" stroke-width="1.5"/>""");
            }
            svg.AppendLine($"""<text x="{N(x + barWidth / 2)}" y="{top + PanelHeight + 16}" text-anchor="middle">{Escape(label)}</text>""");
        }
        svg.AppendLine($"""<rect x="{Left}" y="{top}" width="{plotWidth}" height="{PanelHeight}" fill="none" stroke="#808080"/>""");
    }
}
