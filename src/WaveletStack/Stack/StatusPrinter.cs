using System.Text;
using System.Text.Json;
using WaveletStack.Output;

namespace WaveletStack.Stack;

/// <summary>Status as the original printed it (the block, `----`, the tasks), or as one JSON object.</summary>
public static class StatusPrinter
{
    static readonly JsonSerializerOptions Json = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    public static string ToJson(StackStatus status) => JsonSerializer.Serialize(status, Json);

    public static string ToText(StackStatus status)
    {
        var text = new StringBuilder();
        text.AppendLine($"{status.Stack} (on {status.Swarm}):");
        text.AppendLine(status.Running ? status.Benchmarking ? "  - RUNNING BENCHMARKING" : "  - RUNNING" : "  - NOT RUNNING");
        if (status.ChangedBy is not null) text.AppendLine($"  - CHANGING: {status.ChangedBy}");
        text.AppendLine(status.Volumes ? "  - VOLUMES" : "  - NO VOLUMES");
        text.AppendLine($"  - Wavelet: {status.Wavelet}");
        if (!status.Running) return text.ToString();
        text.AppendLine($"  - API (main): {status.ApiMain}");
        if (status.ApiAll is not null) text.AppendLine($"  - API (all): {status.ApiAll}");
        text.AppendLine(status.Rpc is null ? "  - RPC: disabled" : $"  - RPC: {status.Rpc}");
        if (status.Prometheus is not null) text.AppendLine($"  - Prometheus: {status.Prometheus}");
        if (status.Dashboard is not null) text.AppendLine($"  - Dashboard: {status.Dashboard}");
        text.AppendLine("----");
        var table = new Table("NAME", "IMAGE", "HOST", "STATE", "HEALTH", "HEIGHT", "PEERS");
        foreach (var t in status.Tasks) table.Add(t.Name, t.Image, t.Host, t.State, t.Health, t.Height, t.Peers);
        text.AppendLine(table.ToString());
        return text.ToString();
    }
}
