namespace WaveletStack.Configuration;

/// <summary>
/// How the stack publishes ports: the swarm's ingress routing mesh (needs IPVS), or host-mode
/// ports with DNS round-robin endpoints; <see cref="Auto"/> lets the engine check decide.
/// </summary>
public enum PublishMode
{
    Auto,
    Ingress,
    Host,
}
