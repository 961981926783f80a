namespace WaveletStack.Agent.Tests.Integration;

/// <summary>
/// The integration test classes run one after another: each starts etcd, agents and simulator
/// processes, and on two cores running them side by side makes start-up times (and the printed
/// figures) mostly a measure of contention.
/// </summary>
public static class Processes
{
    public const string Collection = "agent processes";
}

[CollectionDefinition(Processes.Collection)]
public sealed class ProcessesCollection;
