using WaveletStack.Agent.Node;
using WaveletStack.Agent.Settings;

namespace WaveletStack.Agent.LoadBalancer;

/// <summary>What the load balancer takes from the environment.</summary>
/// <param name="Slots">
/// How many nodes the load balancer has ports for (WAVELET_LB_SLOTS, set by DeployStack): the
/// stack's node count rounded up to a block, so adding or removing a node changes neither its
/// published ports nor its environment, and swarm keeps its container. Slots without a
/// registered node answer 503 (API) or close the connection (RPC).
/// </param>
public sealed record LoadBalancerSettings(int Slots, bool NoRpc, string? ApiHost, int MaxConn, int PortOffset, string Sync)
{
    public static LoadBalancerSettings Load(Env env) => new(
        Slots: env.Number("WAVELET_LB_SLOTS", 8, 1, 10000),
        NoRpc: env.Flag("WAVELET_NO_RPC"),
        ApiHost: env.Text("WAVELET_API_HOST"),
        MaxConn: MaxConnFor(OpenFileLimit()),
        // Test hook: a load balancer run as a host process in tests cannot take ports 80 and 9000+.
        PortOffset: env.Number("WAVELET_AGENT_LB_PORT_OFFSET", 0, 0, 60000),
        Sync: env.Text("WAVELET_SYNC", NodeSettings.DefaultSync));

    /// <summary>
    /// HAProxy needs about two descriptors per connection plus its listeners and refuses to start
    /// when the open-file limit is lower (a container's is 20000 here and cannot be raised).
    /// </summary>
    public static int MaxConnFor(long openFiles) => (int)Math.Clamp((openFiles - 500) / 2, 64, 100_000);

    /// <summary>The soft "Max open files" of this process (what `ulimit -n` prints).</summary>
    public static long OpenFileLimit()
    {
        foreach (var line in File.ReadLines("/proc/self/limits"))
        {
            if (!line.StartsWith("Max open files", StringComparison.Ordinal)) continue;
            var fields = line["Max open files".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (long.TryParse(fields[0], out var soft)) return soft;
        }
        return 1024;
    }
}
