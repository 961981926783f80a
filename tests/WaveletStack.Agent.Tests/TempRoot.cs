using WaveletStack.Agent.Settings;

namespace WaveletStack.Agent.Tests;

/// <summary>A throw-away agent root (WAVELET_AGENT_ROOT) under the system's temp folder.</summary>
public sealed class TempRoot : IDisposable
{
    public string Root { get; } = Directory.CreateTempSubdirectory("wst-agent-").FullName;
    public AgentPaths Paths => new(Root);

    public void Dispose()
    {
        try { Directory.Delete(Root, true); } catch (IOException) { } // a child may still hold a file for a moment
    }
}
