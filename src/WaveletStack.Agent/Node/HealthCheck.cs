using WaveletStack.Agent.Settings;

namespace WaveletStack.Agent.Node;

/// <summary>
/// `wavelet-agent health`, the node image's HEALTHCHECK (run every second or two, so one local
/// HTTP call and no etcd): healthy when /ledger answers and lists a peer, or only answers in a
/// one-node stack (the node agent keeps etcd's /config/WAVELET_NODES in a file for this).
/// </summary>
public static class HealthCheck
{
    public static async Task<int> RunAsync(Env env, AgentPaths paths, CancellationToken ct)
    {
        // Paused on purpose (RestoreDb's pause hook): report healthy, or swarm would replace the
        // container in the middle of the restore.
        if (File.Exists(paths.ExitFlag))
        {
            Console.WriteLine($"paused: {paths.ExitFlag} exists");
            return 0;
        }
        var port = NodeSettings.ApiPortFrom(env);
        var alone = StackNodes(env, paths) == "1";
        using var api = new WaveletApi($"http://127.0.0.1:{port}", null, TimeSpan.FromSeconds(2));
        try
        {
            var peers = await api.PeersAsync(ct);
            if (peers.Count > 0 || alone) return 0;
            Console.WriteLine("unhealthy: /ledger answers but lists no peers (the node is not connected to the stack)");
            return 1;
        }
        catch (Exception e)
        {
            Console.WriteLine($"unhealthy: /ledger on port {port} does not answer: {e.Message}");
            return 1;
        }
    }

    static string? StackNodes(Env env, AgentPaths paths)
    {
        try { return File.ReadAllText(paths.StackNodes).Trim(); }
        catch (IOException) { return env.Text("WAVELET_NODES"); }
    }
}
