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
                await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(200 * (attempt + 1), 2000)), ct);
            }
        }
    }
}
