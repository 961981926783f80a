namespace WaveletStack.Compose;

/// <summary>
/// The names and labels `docker stack` uses, so `docker stack ls/ps/rm` see what DeployStack
/// makes, and the original's volume names, so its volumes carry over.
/// </summary>
public static class StackNaming
{
    public const string NamespaceLabel = "com.docker.stack.namespace";
    public const string ImageLabel = "com.docker.stack.image";
    public const string NodeService = "wavelet", SyncService = "sync", LoadBalancerService = "loadbalancer", BenchmarkService = "benchmark";

    /// <summary>Prometheus and the dashboard page; in the stack only with WAVELET_METRICS=yes.</summary>
    public const string MetricsService = "metrics";

    public static string Service(string stack, string service) => $"{stack}_{service}";
    public static string Network(string stack) => $"{stack}_default";

    /// <summary>Database volume of one task (the original's name: {{.Service.Name}}_wavelet_db_instance_{{.Task.Slot}}).</summary>
    public static string Volume(string stack, string service, long slot) => $"{stack}_{service}_wavelet_db_instance_{slot}";

    /// <summary>True for the database volumes of a stack's nodes (and of the original's sync service).</summary>
    public static bool IsStackVolume(string stack, string volume) =>
        volume.StartsWith($"{stack}_{NodeService}_wavelet_db_instance_", StringComparison.Ordinal)
        || volume.StartsWith($"{stack}_{SyncService}_wavelet_db_instance_", StringComparison.Ordinal);

    /// <summary>The stack a service, container or volume belongs to, from its labels (null when none).</summary>
    public static string? StackOf(IDictionary<string, string>? labels) =>
        labels is not null && labels.TryGetValue(NamespaceLabel, out var stack) ? stack : null;

    public static Dictionary<string, string> Labels(string stack, IDictionary<string, string>? more = null)
    {
        var labels = more is null ? new Dictionary<string, string>() : new Dictionary<string, string>(more);
        labels[NamespaceLabel] = stack;
        return labels;
    }
}
