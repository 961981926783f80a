namespace WaveletStack.Agent.Settings;

/// <summary>
/// Every file the agent touches, under one root: "/" in the images, a temporary folder in tests
/// (WAVELET_AGENT_ROOT), so the agent runs as a normal process there.
/// </summary>
public sealed record AgentPaths(string Root)
{
    public static AgentPaths From(Env env) => new(env.Text("WAVELET_AGENT_ROOT", "/"));

    string At(string relative) => Path.Combine(Root, relative);

    public string Data => At("data");
    public string Database => Path.Combine(Data, "db");
    public string DatabaseLink => At("db");
    public string Broken => Path.Combine(Data, "broken");
    public string Backups => Path.Combine(Data, "backups");
    public string Certificates => Path.Combine(Data, "certs");
    public string Wavelet => At("wavelet");
    public string Benchmark => At("benchmark");
    public string DefaultKeys => At("etc/wavelet-stack/default-keys.csv");
    public string ExitFlag => At("tmp/wavelet.exit");
    /// <summary>Touched when /wavelet starts again after a pause: the health check's grace runs from its time.</summary>
    public string Resumed => At("run/wavelet-agent-resumed");
    /// <summary>Secrets handed to /wavelet (API secret, wallet): root-only files, gone with the container.</summary>
    public string Secrets => At("run/wavelet-agent");
    /// <summary>How many other nodes are registered (etcd's /peers), for the health check, which must not wait on etcd.</summary>
    public string OthersRegistered => At("run/wavelet-agent-others");
    public string HaproxyConfig => At("etc/haproxy/haproxy.cfg");
    /// <summary>HAProxy's runtime API (root only): the agent asks the running worker which configuration it loaded.</summary>
    public string HaproxySocket => At("run/haproxy/admin.sock");
    /// <summary>Touched by the health check whenever /ledger lists a peer: a short loss after it is tolerated.</summary>
    public string LastPeered => At("run/wavelet-agent-peered");
}
