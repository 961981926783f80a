using WaveletStack.Agent.Settings;

namespace WaveletStack.Agent.Node;

/// <summary>
/// `wavelet-agent health`, the node image's HEALTHCHECK (run every second or two, so one local
/// HTTP call and no etcd): healthy when /ledger answers and lists a peer, or only answers while no
/// other node is registered (a one-node stack; the node agent keeps that count in a file). A node
/// that had peers and lost them is still healthy for <see cref="PeerLossGrace"/>: a neighbour
/// restarting must not make swarm kill healthy nodes one after another. WaitHealthy asks the
/// nodes' /ledger itself, so it still waits for the peers.
/// </summary>
public static class HealthCheck
{
    /// <summary>
    /// After a pause /wavelet needs seconds to answer and find its peers again, as at a container's
    /// start; without the same grace as the image's start period (60 s) three failed checks make
    /// the task unhealthy and swarm replaces the container in the middle of RestoreDb's wait.
    /// </summary>
    public static readonly TimeSpan ResumeGrace = TimeSpan.FromSeconds(60);

    /// <summary>How long a node that had peers stays healthy without them.</summary>
    public static readonly TimeSpan PeerLossGrace = TimeSpan.FromSeconds(30);

    public static async Task<int> RunAsync(Env env, AgentPaths paths, CancellationToken ct)
    {
        // Paused on purpose (RestoreDb's pause hook): report healthy, or swarm would replace the
        // container in the middle of the restore.
        if (File.Exists(paths.ExitFlag))
        {
            Console.WriteLine($"paused: {paths.ExitFlag} exists");
            return 0;
        }
        var problem = await ProblemAsync(env, paths, ct);
        if (problem is null) return 0;
        var resumed = File.Exists(paths.Resumed) ? DateTime.UtcNow - File.GetLastWriteTimeUtc(paths.Resumed) : (TimeSpan?)null;
        if (resumed < ResumeGrace)
        {
            Console.WriteLine($"resuming: /wavelet started again {resumed.Value.TotalSeconds:0} s ago after a pause ({problem})");
            return 0;
        }
        Console.WriteLine($"unhealthy: {problem}");
        return 1;
    }

    /// <summary>Why the node is not healthy, or null when it is.</summary>
    static async Task<string?> ProblemAsync(Env env, AgentPaths paths, CancellationToken ct)
    {
        var port = NodeSettings.ApiPortFrom(env);
        var alone = OthersRegistered(paths) == "0";
        using var api = new WaveletApi($"http://127.0.0.1:{port}", null, TimeSpan.FromSeconds(2));
        try
        {
            var peers = await api.PeersAsync(ct);
            if (peers.Count > 0)
            {
                Directory.CreateDirectory(Path.GetDirectoryName(paths.LastPeered)!);
                File.WriteAllText(paths.LastPeered, "");
                return null;
            }
            if (alone) return null;
            var since = File.Exists(paths.LastPeered) ? DateTime.UtcNow - File.GetLastWriteTimeUtc(paths.LastPeered) : (TimeSpan?)null;
            if (since < PeerLossGrace)
            {
                Console.WriteLine($"no peers for {since.Value.TotalSeconds:0} s; healthy for up to {PeerLossGrace.TotalSeconds:0} s while they come back");
                return null;
            }
            return "/ledger answers but lists no peers (the node is not connected to the stack)";
        }
        catch (Exception e)
        {
            return $"/ledger on port {port} does not answer: {e.Message}";
        }
    }

    static string? OthersRegistered(AgentPaths paths)
    {
        try { return File.ReadAllText(paths.OthersRegistered).Trim(); }
        catch (IOException) { return null; }
    }
}
