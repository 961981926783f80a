namespace WaveletStack.Agent.Tests.Integration;

/// <summary>Polls a condition until it holds, or fails with what was last seen once the deadline passes.</summary>
public static class Eventually
{
    public static async Task<TimeSpan> HoldsAsync(Func<Task<bool>> condition, TimeSpan timeout, Func<string> describe, int pollMs = 50)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (clock.Elapsed < timeout)
        {
            try { if (await condition()) return clock.Elapsed; }
            catch (HttpRequestException) { }
            catch (TaskCanceledException) { }
            await Task.Delay(pollMs);
        }
        throw new TimeoutException($"not within {timeout.TotalSeconds:0.#} s: {describe()}");
    }

    /// <summary>
    /// Waits for a line a process has logged: its stdout is read asynchronously, so a line may
    /// arrive a moment after the effect it reports is visible.
    /// </summary>
    public static Task<TimeSpan> LoggedAsync(Func<string> output, string text) =>
        HoldsAsync(() => Task.FromResult(output().Contains(text)), TimeSpan.FromSeconds(10), () => $"'{text}' not in: {output()}");
}
