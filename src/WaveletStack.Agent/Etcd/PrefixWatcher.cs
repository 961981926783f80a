using Etcdserverpb;
using Google.Protobuf;

namespace WaveletStack.Agent.Etcd;

/// <summary>
/// Keeps a full, current copy of every key under a prefix and hands it over after each change:
/// one read, then a watch from the next revision (no event lost between them). When the stream
/// breaks (sync restarted, compaction) it starts over with a fresh read, so the copy heals.
/// </summary>
public sealed class PrefixWatcher(EtcdStore store, string prefix)
{
    public async Task RunAsync(Func<IReadOnlyDictionary<string, string>, CancellationToken, Task> onChange, CancellationToken ct)
    {
        var failures = 0;
        while (!ct.IsCancellationRequested)
        {
            try
            {
                var (values, revision) = await store.GetPrefixAsync(prefix, ct);
                if (failures > 0) Log.Info($"sync service {store.Endpoint} answers; watching {prefix}");
                failures = 0;
                await onChange(new Dictionary<string, string>(values), ct);
                await FollowAsync(values, revision + 1, onChange, ct);
            }
            catch (Exception) when (ct.IsCancellationRequested) { return; } // gRPC reports a cancelled call as RpcException(Cancelled)
            catch (Exception e) when (EtcdStore.IsUnavailable(e) || e is WatchBrokenException)
            {
                // Logged on the first failure and then every 30th, so a sync that is not up yet does not flood the log.
                if (failures++ % 30 == 0) Log.Warn($"waiting for the sync service {store.Endpoint} (WAVELET_SYNC) to watch {prefix}: {e.Message}");
                await Task.Delay(Retry.Backoff(failures), ct).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    async Task FollowAsync(Dictionary<string, string> values, long fromRevision,
        Func<IReadOnlyDictionary<string, string>, CancellationToken, Task> onChange, CancellationToken ct)
    {
        using var call = store.Watcher.Watch(cancellationToken: ct);
        await call.RequestStream.WriteAsync(new WatchRequest
        {
            CreateRequest = new WatchCreateRequest
            {
                Key = ByteString.CopyFromUtf8(prefix), RangeEnd = EtcdStore.RangeEnd(prefix), StartRevision = fromRevision,
            },
        }, ct);
        while (await call.ResponseStream.MoveNext(ct))
        {
            var response = call.ResponseStream.Current;
            if (response.Canceled || response.CompactRevision > 0)
                throw new WatchBrokenException($"watch of {prefix} ended by the server ({response.CancelReason})");
            if (response.Events.Count == 0) continue;
            foreach (var change in response.Events)
            {
                var key = change.Kv.Key.ToStringUtf8();
                if (change.Type == Mvccpb.Event.Types.EventType.Delete) values.Remove(key);
                else values[key] = change.Kv.Value.ToStringUtf8();
            }
            await onChange(new Dictionary<string, string>(values), ct);
        }
        throw new WatchBrokenException($"watch of {prefix} closed by the server");
    }

    sealed class WatchBrokenException(string message) : Exception(message);
}
