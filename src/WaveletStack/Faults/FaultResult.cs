namespace WaveletStack.Faults;

/// <summary>
/// What one fault did and how the stack came back (FaultSuite's table row and JSON entry).
/// </summary>
/// <param name="Seen">How the fault showed that it was really applied (a new container, a new /wavelet, a node that stopped answering…), or null.</param>
/// <param name="RecoverySeconds">From the kill, or from undoing a fault that lasts, until the stack was healthy, peered and serving again; null if it was not within the limit.</param>
/// <param name="MinPeers">The fewest peers any node reported while the fault and its recovery lasted.</param>
/// <param name="Lost">Heights that went backwards and databases that were made anew: must stay empty.</param>
/// <param name="Skipped">Why the fault could not be applied on these hosts (the row is then not a measurement).</param>
public sealed record FaultResult(
    string Name, string Description, string? Seen, double HeldSeconds, double? RecoverySeconds, double LimitSeconds, int? MinPeers,
    IReadOnlyList<string> Lost, double? TpsBefore = null, double? TpsDuring = null, double? TpsAfter = null, string? Skipped = null,
    string? Error = null)
{
    public bool Recovered => RecoverySeconds is not null;

    /// <summary>A pass: applied, seen, recovered within the limit, nothing lost. A skip is neither pass nor failure.</summary>
    public bool Passed => Skipped is null && Error is null && Seen is not null && Recovered && Lost.Count == 0;

    public string Verdict => Skipped is not null ? "skipped" : Passed ? "ok"
        : Error is not null ? "error" : Seen is null ? "NOT SEEN" : !Recovered ? "NOT RECOVERED" : "LOST DATA";
}
