namespace WaveletStack.Stack;

/// <summary>One row of the Status table: a task, and for a node what its /ledger says.</summary>
public sealed record TaskStatusRow(string Name, string Image, string Host, string State, string Health, long? Height, int? Peers);

/// <summary>Everything Status prints, as data (the --json form is this record).</summary>
public sealed record StackStatus(
    string Stack,
    string Swarm,
    bool Running,
    bool Benchmarking,
    bool Volumes,
    string Wavelet,
    string? ApiMain,
    string? ApiAll,
    string? Rpc,
    IReadOnlyList<TaskStatusRow> Tasks)
{
    /// <summary>"stack S is being changed by user@host since 12:01 (DeployStack)" while a run holds its lease.</summary>
    public string? ChangedBy { get; init; }

    /// <summary>Prometheus's URL (WAVELET_METRICS=yes), else null.</summary>
    public string? Prometheus { get; init; }

    /// <summary>The dashboard page's URL, served by the metrics service's Prometheus, else null.</summary>
    public string? Dashboard { get; init; }
}
