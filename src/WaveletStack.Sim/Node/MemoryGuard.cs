using WaveletStack.Sim.Cli;

namespace WaveletStack.Sim.Node;

/// <summary>`--memory.max` (MiB): the process exits with a message when its resident memory goes above it.</summary>
internal static class MemoryGuard
{
    public static void Start(int maxMiB)
    {
        if (maxMiB <= 0) return;
        _ = Task.Run(async () =>
        {
            using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
            do
            {
                var rssMiB = Environment.WorkingSet / (1024 * 1024);
                if (rssMiB <= maxMiB) continue;
                Log.Fatal("Memory usage exceeds --memory.max; exiting.", ("memory_mib", rssMiB), ("memory_max_mib", maxMiB));
                Environment.Exit(1);
            } while (await timer.WaitForNextTickAsync());
        });
    }
}
