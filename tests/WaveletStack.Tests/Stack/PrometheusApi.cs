using System.Net.Http.Json;
using System.Text.Json;

namespace WaveletStack.Tests.Stack;

/// <summary>Prometheus's HTTP API as the tests ask it: one instant query's first value.</summary>
public static class PrometheusApi
{
    /// <summary>The first value <paramref name="query"/> answers now, or null (no series, or no answer), with the raw answer.</summary>
    public static async Task<(double? Value, string Answer)> QueryAsync(HttpClient http, string prometheus, string query, CancellationToken cancellationToken)
    {
        try
        {
            var answer = await http.GetFromJsonAsync<JsonElement>($"{prometheus}api/v1/query?query={Uri.EscapeDataString(query)}", cancellationToken);
            var result = answer.GetProperty("data").GetProperty("result");
            return (result.GetArrayLength() > 0 && double.TryParse(result[0].GetProperty("value")[1].GetString(),
                System.Globalization.CultureInfo.InvariantCulture, out var value) ? value : null, answer.ToString());
        }
        catch (HttpRequestException e) { return (null, e.Message); }
    }
}
