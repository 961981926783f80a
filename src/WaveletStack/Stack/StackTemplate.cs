using WaveletStack.Compose;
using WaveletStack.Configuration;

namespace WaveletStack.Stack;

/// <summary>The stack template (docker-compose.yml at the repository's top) filled from a configuration.</summary>
public static class StackTemplate
{
    public const string FileName = "docker-compose.yml";

    public static ComposeFile Load(string repoRoot, StackConfiguration configuration)
    {
        var path = Path.Combine(repoRoot, FileName);
        if (!File.Exists(path))
            throw new UserErrorException($"The stack template {path} is missing; restore it from git (`git checkout -- {FileName}`).");
        var file = ComposeYaml.Parse(File.ReadAllText(path), configuration.Values, FileName);
        ComposeSecrets.Fill(file, configuration.Values, repoRoot, FileName);
        // The metrics service runs only when asked for; left out, a running one is removed by the deploy.
        if (!configuration.Metrics) file.Services.Remove(StackNaming.MetricsService);
        return file;
    }

    public static PortRequest Ports(StackConfiguration c) => new(c.Nodes, c.NoRpc, c.ApiPort, c.RpcPort, c.ApiHost, c.Metrics);
}
