using Docker.DotNet;

namespace WaveletStack.Node;

/// <summary>A running container of a stack and the engine of the host that runs it.</summary>
public sealed record NodeContainer(string Stack, NodeId Id, IDockerClient Engine, string ContainerId)
{
    public override string ToString() => $"{Stack} node {Id}";
}
