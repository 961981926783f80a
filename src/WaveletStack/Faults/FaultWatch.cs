using WaveletStack.Stack;

namespace WaveletStack.Faults;

/// <summary>
/// What the samples taken during one fault showed: the fewest peers any node reported, how long
/// the faulted node did not answer, and any height that went backwards (node heights are kept
/// across the whole suite: a node that comes back lower than it was lost blocks).
/// </summary>
public sealed class FaultWatch(IDictionary<int, long> highestHeights, int? targetSlot)
{
    readonly List<string> backwards = [];
    TimeSpan? silentSince;

    public int? MinPeers { get; private set; }
    public TimeSpan TargetSilent { get; private set; }
    public IReadOnlyList<string> Backwards => backwards;

    public void Add(HealthWaiter.Sample sample, TimeSpan at)
    {
        for (var i = 0; i < sample.Ledgers.Count; i++)
        {
            var slot = i + 1;
            if (sample.Ledgers[i] is not { } ledger)
            {
                if (slot == targetSlot) silentSince ??= at;
                continue;
            }
            if (slot == targetSlot && silentSince is { } since)
            {
                TargetSilent += at - since;
                silentSince = null;
            }
            MinPeers = Math.Min(MinPeers ?? int.MaxValue, ledger.Peers);
            if (highestHeights.TryGetValue(slot, out var highest) && ledger.Height < highest)
                backwards.Add($"node {slot} height {highest} → {ledger.Height}");
            highestHeights[slot] = Math.Max(highest, ledger.Height);
        }
    }

    /// <summary>Closes a silence still open at the last sample.</summary>
    public void End(TimeSpan at)
    {
        if (silentSince is { } since) TargetSilent += at - since;
        silentSince = null;
    }
}
