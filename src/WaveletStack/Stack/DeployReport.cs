namespace WaveletStack.Stack;

/// <summary>What a deploy did to each service, and the ports the stack publishes.</summary>
public sealed record DeployReport(
    IReadOnlyList<string> Created,
    IReadOnlyDictionary<string, IReadOnlyList<string>> Updated,
    IReadOnlyList<string> Unchanged,
    IReadOnlyList<string> Removed,
    PortPlan Ports)
{
    public bool ChangedNothing => Created.Count == 0 && Updated.Count == 0 && Removed.Count == 0;
}

/// <summary>The stack as it should run, and the services of it that run now (by full name).</summary>
public sealed record RenderedStack(string Stack, Compose.ComposeFile File, PortPlan Ports,
    IReadOnlyDictionary<string, global::Docker.DotNet.Models.SwarmService> Running);
