namespace WaveletStack.Agent.Etcd;

/// <summary>
/// Keys that live exactly as long as this agent: written under one lease, kept alive every
/// third of its TTL, written again under a new lease when the old one was lost (sync restarted,
/// agent paused; a restart seen by the store's watchers wakes it at once), and revoked on stop so that watchers learn at once instead of after the TTL.
/// </summary>
public sealed class LeasedRegistration(EtcdStore store, IReadOnlyDictionary<string, string> keys, int ttlSeconds)
{
    public async Task RunAsync(CancellationToken ct)
    {
        long leaseId = 0;
        var failures = 0;
        try
        {
            while (!ct.IsCancellationRequested)
            {
                try
                {
                    if (leaseId == 0 || await store.KeepAliveAsync(leaseId, ct) <= 0)
                    {
                        if (leaseId != 0) Log.Warn($"lease {leaseId:x} was lost; registering again");
                        leaseId = await store.GrantLeaseAsync(ttlSeconds, ct);
                        await store.PutAllAsync(keys, leaseId, ct);
                        Log.Info($"registered {string.Join(", ", keys.Select(k => $"{k.Key}={k.Value}"))} (lease {leaseId:x}, {ttlSeconds} s)");
                    }
                    failures = 0;
                    // A sync that restarted empty lost the keys: write them again now, not at the next keep-alive.
                    await Task.WhenAny(Task.Delay(TimeSpan.FromSeconds(ttlSeconds / 3.0), ct), store.Restarted);
                }
                // Whatever fails, the registration keeps trying while the node runs: once it ended
                // on an error no one saw, and the node stayed out of the stack for good.
                catch (Exception e) when (!ct.IsCancellationRequested)
                {
                    if (failures++ % 30 == 0)
                        Log.Warn(EtcdStore.IsUnavailable(e)
                            ? $"cannot reach the sync service {store.Endpoint} (WAVELET_SYNC) to register: {e.Message}; retrying"
                            : $"registering failed ({e.GetType().Name}: {e.Message}); retrying");
                    await Task.Delay(Retry.Backoff(failures), ct);
                }
            }
        }
        catch (Exception) when (ct.IsCancellationRequested) { } // gRPC reports a cancelled call as RpcException(Cancelled)
        finally
        {
            if (leaseId != 0) await RevokeAsync(leaseId);
        }
    }

    async Task RevokeAsync(long leaseId)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(3));
        try
        {
            await store.RevokeLeaseAsync(leaseId, timeout.Token);
            Log.Info($"registration revoked ({string.Join(", ", keys.Keys)})");
        }
        catch (Exception e) { Log.Warn($"could not revoke the registration; it expires with its lease in {ttlSeconds} s: {e.Message}"); }
    }
}
