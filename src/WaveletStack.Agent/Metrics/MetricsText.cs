using System.Globalization;
using System.Text;

namespace WaveletStack.Agent.Metrics;

/// <summary>
/// Prometheus's text exposition format (version 0.0.4): `# HELP` and `# TYPE` once per metric,
/// then `name{label="value"} number` lines; label values escaped as the format asks.
/// </summary>
public sealed class MetricsText
{
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    readonly StringBuilder text = new();
    readonly HashSet<string> described = [];

    public MetricsText Gauge(string name, string help, double value, params (string Name, string Value)[] labels) =>
        Add(name, "gauge", help, value, labels);

    public MetricsText Counter(string name, string help, double value, params (string Name, string Value)[] labels) =>
        Add(name, "counter", help, value, labels);

    MetricsText Add(string name, string type, string help, double value, (string Name, string Value)[] labels)
    {
        if (described.Add(name)) text.Append($"# HELP {name} {help}\n# TYPE {name} {type}\n");
        text.Append(name);
        if (labels.Length > 0)
            text.Append('{').Append(string.Join(",", labels.Select(l => $"{l.Name}=\"{Escape(l.Value)}\""))).Append('}');
        text.Append(' ').Append(Number(value)).Append('\n');
        return this;
    }

    static string Escape(string value) => value.Replace("\\", @"\\").Replace("\"", "\\\"").Replace("\n", @"\n");

    static string Number(double value) =>
        double.IsNaN(value) ? "NaN" : double.IsPositiveInfinity(value) ? "+Inf" : double.IsNegativeInfinity(value) ? "-Inf"
            : value.ToString("R", CultureInfo.InvariantCulture);

    public override string ToString() => text.ToString();
}
