namespace WaveletStack.Compose;

// Data-only models of the compose file subset the stack template uses (version 3.7), named as in
// the compose specification. YAML names come from the underscored naming convention
// (StdinOpen ↔ stdin_open). No logic here: parsing and writing are ComposeYaml, variables ComposeVariables,
// conversion to engine specs ServiceSpecConverter.

public sealed class ComposeFile
{
    public string? Version { get; set; }
    public Dictionary<string, ComposeService> Services { get; set; } = new();
    public Dictionary<string, ComposeVolume?>? Volumes { get; set; }
    public Dictionary<string, ComposeSecret>? Secrets { get; set; }
}

/// <summary>
/// A top-level secret: its value comes from a configuration key (`environment:`, as in the
/// compose specification) or a file. Services list it under `secrets:` and read it at /run/secrets/&lt;name&gt;.
/// </summary>
public sealed class ComposeSecret
{
    public string? Environment { get; set; }
    public string? File { get; set; }

    /// <summary>The value, filled when the template is loaded; never written out.</summary>
    [YamlDotNet.Serialization.YamlIgnore]
    public string? Content { get; set; }
}

public sealed class ComposeService
{
    public string Image { get; set; } = "";
    public List<string>? Command { get; set; }
    public List<string>? Entrypoint { get; set; }
    public List<string>? Environment { get; set; }
    public List<ComposePort>? Ports { get; set; }
    public List<string>? Volumes { get; set; }
    public List<string>? Secrets { get; set; }
    public bool? StdinOpen { get; set; }
    public bool? Tty { get; set; }
    public string? StopGracePeriod { get; set; }
    public ComposeHealthcheck? Healthcheck { get; set; }
    public ComposeDeploy? Deploy { get; set; }
}

public sealed class ComposePort
{
    public int Target { get; set; }
    public int? Published { get; set; }
    public string? Protocol { get; set; }
    public string? Mode { get; set; }
}

public sealed class ComposeHealthcheck
{
    public List<string> Test { get; set; } = [];
    public string? Interval { get; set; }
    public string? Timeout { get; set; }
    public int? Retries { get; set; }
    public string? StartPeriod { get; set; }
}

public sealed class ComposeDeploy
{
    public int? Replicas { get; set; }
    public string? EndpointMode { get; set; }
    public ComposeUpdateConfig? UpdateConfig { get; set; }
    public ComposeRestartPolicy? RestartPolicy { get; set; }
    public ComposePlacement? Placement { get; set; }
}

public sealed class ComposeRestartPolicy
{
    public string? Condition { get; set; }
    public string? Delay { get; set; }
    public ulong? MaxAttempts { get; set; }
    public string? Window { get; set; }
}

public sealed class ComposeUpdateConfig
{
    public int? Parallelism { get; set; }
    public string? Delay { get; set; }
    public string? Order { get; set; }
    public string? FailureAction { get; set; }
    public string? Monitor { get; set; }
}

public sealed class ComposePlacement
{
    public List<string>? Constraints { get; set; }
}

public sealed class ComposeVolume
{
    public string? Name { get; set; }
}
