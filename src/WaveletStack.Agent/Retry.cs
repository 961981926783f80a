using WaveletStack.Agent.Etcd;

namespace WaveletStack.Agent;

/// <summary>Retries what can recover by itself (the sync service not up yet, DNS not there yet) without ever exiting.</summary>
public static class Retry
{
    public static async Task<T> UntilAsync<T>(string what, Func<CancellationToken, Task<T>> action, CancellationToken ct)
    {
        for (var attempt = 0; ; attempt++)
        {
            try { return await action(ct); }
            catch (Exception e) when (!ct.IsCancellationRequested && (EtcdStore.IsUnavailable(e) || e is System.Net.Sockets.SocketException))
            {
                if (attempt % 30 == 0) Log.Warn($"cannot {what} yet: {e.Message}; retrying");
                await Task.Delay(Backoff(attempt + 1), ct);
            }
        }
    }

    /// <summary>
    /// The wait before retry number <paramref name="failures"/>: 0.1 s more each time, at most 1 s.
    /// Short, because what is waited for is on the stack's own network and usually comes up
    /// within seconds; a long wait would only add to every fresh deploy.
    /// </summary>
    public static TimeSpan Backoff(int failures) => TimeSpan.FromMilliseconds(Math.Min(100 * Math.Max(failures, 1), 1000));
}
