namespace WaveletStack.Sim.Ledger;

/// <summary>
/// Counters behind `/poll/metrics`, turned into per-second rates once a second (as the real node's
/// meters feed its metrics stream).
/// </summary>
internal sealed class Metrics
{
    readonly Lock gate = new();
    long received, accepted, gossiped, queried;
    long lastReceived, lastAccepted, lastGossiped, lastQueried;
    readonly List<double> latencies = [];
    DateTime lastTick = DateTime.UtcNow;

    public MetricsSample Current { get; private set; } = new();

    public void Received(int n = 1) { lock (gate) received += n; }
    public void Gossiped(int n) { lock (gate) gossiped += n; }

    /// <summary>A block was finalised: its transactions were accepted after `latency` of querying.</summary>
    public void Finalised(int transactions, TimeSpan latency)
    {
        lock (gate)
        {
            accepted += transactions;
            queried++;
            latencies.Add(latency.TotalMilliseconds);
        }
    }

    public MetricsSample Tick()
    {
        lock (gate)
        {
            var now = DateTime.UtcNow;
            var seconds = Math.Max(0.001, (now - lastTick).TotalSeconds);
            Current = new MetricsSample
            {
                Mod = "metrics",
                AcceptedMean = Math.Round((accepted - lastAccepted) / seconds, 3),
                ReceivedMean = Math.Round((received - lastReceived) / seconds, 3),
                GossipedMean = Math.Round((gossiped - lastGossiped) / seconds, 3),
                DownloadedMean = 0,
                QueriedMean = Math.Round((queried - lastQueried) / seconds, 3),
                QueryLatencyMaxMs = latencies.Count == 0 ? 0 : (long)latencies.Max(),
                QueryLatencyMinMs = latencies.Count == 0 ? 0 : (long)latencies.Min(),
                QueryLatencyMeanMs = latencies.Count == 0 ? 0 : Math.Round(latencies.Average(), 3),
            };
            (lastAccepted, lastReceived, lastGossiped, lastQueried, lastTick) = (accepted, received, gossiped, queried, now);
            latencies.Clear();
            return Current;
        }
    }
}

/// <summary>One message of the metrics stream; names as in the real node's `/poll/metrics`.</summary>
internal sealed class MetricsSample
{
    [System.Text.Json.Serialization.JsonPropertyName("mod")] public string Mod { get; set; } = "metrics";
    [System.Text.Json.Serialization.JsonPropertyName("accepted.mean")] public double AcceptedMean { get; set; }
    [System.Text.Json.Serialization.JsonPropertyName("downloaded.mean")] public double DownloadedMean { get; set; }
    [System.Text.Json.Serialization.JsonPropertyName("gossiped.mean")] public double GossipedMean { get; set; }
    [System.Text.Json.Serialization.JsonPropertyName("queried.mean")] public double QueriedMean { get; set; }
    [System.Text.Json.Serialization.JsonPropertyName("query.latency.max.ms")] public long QueryLatencyMaxMs { get; set; }
    [System.Text.Json.Serialization.JsonPropertyName("query.latency.mean.ms")] public double QueryLatencyMeanMs { get; set; }
    [System.Text.Json.Serialization.JsonPropertyName("query.latency.min.ms")] public long QueryLatencyMinMs { get; set; }
    [System.Text.Json.Serialization.JsonPropertyName("received.mean")] public double ReceivedMean { get; set; }
}
