using System.Globalization;
using System.Security;

namespace WaveletStack.Benchmark;

/// <summary>What the project's SVG charts (BenchmarkChart, SweepChart) share: round axis bounds, numbers and escaped text.</summary>
public static class SvgFormat
{
    /// <summary>A round upper bound for an axis (1, 2, 5 × 10^n), never zero.</summary>
    public static double Nice(double max)
    {
        if (max <= 0) return 1;
        var magnitude = Math.Pow(10, Math.Floor(Math.Log10(max)));
        return new[] { 1, 2, 5, 10 }.Select(f => f * magnitude).First(v => v >= max);
    }

    /// <summary>A coordinate or value, invariant culture, at most two decimals.</summary>
    public static string N(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);

    public static string Escape(string text) => SecurityElement.Escape(text);
}
