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
    /// The agent's one back-off: the wait before retry number <paramref name="failures"/> (0: none,
    /// after a long good run), <paramref name="first"/> (default 0.1 s) doubling up to
    /// <paramref name="max"/> (default 1 s). Short by default, because what is waited for (etcd,
    /// DNS, /wavelet) is in the stack and usually back within seconds: a long wait would only add
    /// to every fresh deploy and every recovery.
    /// </summary>
    public static TimeSpan Backoff(int failures, TimeSpan? first = null, TimeSpan? max = null)
    {
        if (failures <= 0) return TimeSpan.Zero;
        var start = first ?? TimeSpan.FromMilliseconds(100);
        var limit = max ?? TimeSpan.FromSeconds(1);
        var wait = start * Math.Pow(2, Math.Min(failures - 1, 20));
        return wait < limit ? wait : limit;
    }
}
