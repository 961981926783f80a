namespace WaveletStack.Agent.Benchmark;

/// <summary>Which node benchmark slot j loads: ((j − 1) mod N) + 1 among the N registered nodes, in slot order.</summary>
public static class BenchmarkTarget
{
    public static int? Choose(int benchmarkSlot, IEnumerable<int> registeredNodeSlots)
    {
        var slots = registeredNodeSlots.Order().ToList();
        return slots.Count == 0 ? null : slots[(benchmarkSlot - 1) % slots.Count];
    }
}
