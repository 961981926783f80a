using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;

namespace WaveletStack.Assertions;

/// <summary>
/// The benchmark's figures as the stack's own Prometheus (WAVELET_METRICS=yes) last scraped them
/// from the benchmark agents: one HTTP call instead of a log read per instance. Null when it does
/// not answer or holds no figures (Assert then reads the instances' output).
/// </summary>
public sealed class PrometheusFigures(string prometheusUrl) : IDisposable
{
    readonly HttpClient http = new() { Timeout = TimeSpan.FromSeconds(2) };

    public async Task<(double AcceptedTps, double LatencyMeanMs)?> ReadAsync(CancellationToken cancellationToken)
    {
        var tps = QueryAsync("sum(wavelet_benchmark_accepted_tps)", cancellationToken);
        var latency = QueryAsync("avg(wavelet_benchmark_query_latency_mean_ms)", cancellationToken);
        return await tps is { } t && await latency is { } l ? (t, l) : null;
    }

    async Task<double?> QueryAsync(string query, CancellationToken cancellationToken)
    {
        try
        {
            using var answer = await http.GetFromJsonAsync<JsonDocument>($"{prometheusUrl}api/v1/query?query={Uri.EscapeDataString(query)}", cancellationToken);
            var result = answer!.RootElement.GetProperty("data").GetProperty("result");
            return result.GetArrayLength() > 0 && double.TryParse(result[0].GetProperty("value")[1].GetString(), NumberStyles.Float,
                CultureInfo.InvariantCulture, out var value) ? value : null;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or JsonException or KeyNotFoundException or InvalidOperationException
                                  && !cancellationToken.IsCancellationRequested)
        {
            return null;
        }
    }

    public void Dispose() => http.Dispose();
}
