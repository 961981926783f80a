using Etcdserverpb;
using Google.Protobuf;

namespace WaveletStack.Agent.Etcd;

/// <summary>
/// Keeps a full, current copy of every key under a prefix and hands it over after each change:
/// one read, then a watch from the next revision (no event lost between them). When the stream
/// breaks (sync restarted, compaction) it starts over with a fresh read, so the copy heals.
/// </summary>
/// <remarks>
/// The sync service keeps no volume: killed, it comes back empty, and for a moment every
/// registration is missing until its owner writes it again. Handed over as it is, that moment
/// made every node drop its peers and the load balancer drop every backend (FaultSuite saw all
/// five nodes stop answering). So after a restart the entries of before are carried along for
/// <see cref="RestartGrace"/>, each until its owner has written it again; then the copy is the
/// store's alone, and an entry whose owner is really gone goes.
/// </remarks>
/// <param name="restartGrace">How long entries are carried over a restart (default <see cref="RestartGrace"/>; tests shorten it).</param>
public sealed class PrefixWatcher(EtcdStore store, string prefix, TimeSpan? restartGrace = null)
{
    public static readonly TimeSpan RestartGrace = TimeSpan.FromSeconds(10);
    readonly TimeSpan grace = restartGrace ?? RestartGrace;

    long lastRevision;
    Dictionary<string, string> carried = [];
    DateTime carriedUntil;

    public async Task RunAsync(Func<IReadOnlyDictionary<string, string>, CancellationToken, Task> onChange, CancellationToken ct)
    {
        var failures = 0;
        Dictionary<string, string> last = [];
        while (!ct.IsCancellationRequested)
        {
            try
            {
                var (values, revision) = await store.GetPrefixAsync(prefix, ct);
                if (failures > 0) Log.Info($"sync service {store.Endpoint} answers; watching {prefix}");
                failures = 0;
                if (revision < lastRevision)
                {
                    carried = last.Where(e => !values.ContainsKey(e.Key)).ToDictionary();
                    carriedUntil = DateTime.UtcNow + grace;
                    if (carried.Count > 0)
                        Log.Warn($"sync service restarted empty: keeping {carried.Count} entries of {prefix} for {grace.TotalSeconds:0} s while their owners write them again");
                }
                else if (DateTime.UtcNow >= carriedUntil) carried = [];
                lastRevision = revision;
                await onChange(With(values), ct);
                await FollowAsync(values, revision + 1, v => last = v, onChange, ct);
            }
            catch (Exception) when (ct.IsCancellationRequested) { return; } // gRPC reports a cancelled call as RpcException(Cancelled)
            catch (GraceOverException) { } // read again: the copy becomes the store's alone
            // Any other failure too: a watcher that ended would leave the node (or the load
            // balancer) on an old copy for good, with nothing in the log.
            catch (Exception e)
            {
                // Logged on the first failure and then every 30th, so a sync that is not up yet does not flood the log.
                if (failures++ % 30 == 0)
                    Log.Warn(EtcdStore.IsUnavailable(e) || e is WatchBrokenException
                        ? $"waiting for the sync service {store.Endpoint} (WAVELET_SYNC) to watch {prefix}: {e.Message}"
                        : $"watching {prefix} failed ({e.GetType().Name}: {e.Message}); starting over");
                await Task.Delay(Retry.Backoff(failures), ct).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    /// <summary>The store's entries, with those carried over a restart that their owners have not written again yet.</summary>
    Dictionary<string, string> With(Dictionary<string, string> values)
    {
        var copy = new Dictionary<string, string>(values);
        foreach (var (key, value) in carried) copy.TryAdd(key, value);
        return copy;
    }

    async Task FollowAsync(Dictionary<string, string> values, long fromRevision, Action<Dictionary<string, string>> remember,
        Func<IReadOnlyDictionary<string, string>, CancellationToken, Task> onChange, CancellationToken ct)
    {
        remember(With(values));
        // While entries are carried, the watch ends when the grace does, so that a fresh read drops what was not written again.
        using var grace = CancellationTokenSource.CreateLinkedTokenSource(ct);
        if (carried.Count > 0) grace.CancelAfter(carriedUntil - DateTime.UtcNow is { } left && left > TimeSpan.Zero ? left : TimeSpan.Zero);
        try { await WatchAsync(values, fromRevision, remember, onChange, grace.Token); }
        catch (Exception) when (grace.IsCancellationRequested && !ct.IsCancellationRequested)
        {
            carried = [];
            throw new GraceOverException();
        }
    }

    async Task WatchAsync(Dictionary<string, string> values, long fromRevision, Action<Dictionary<string, string>> remember,
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
            if (response.Header is not null) { store.Observe(response.Header.Revision); lastRevision = Math.Max(lastRevision, response.Header.Revision); }
            if (response.Events.Count == 0) continue;
            foreach (var change in response.Events)
            {
                var key = change.Kv.Key.ToStringUtf8();
                carried.Remove(key); // its owner wrote (or removed) it: the store knows it again
                if (change.Type == Mvccpb.Event.Types.EventType.Delete) values.Remove(key);
                else values[key] = change.Kv.Value.ToStringUtf8();
            }
            var current = With(values);
            remember(current);
            await onChange(current, ct);
        }
        throw new WatchBrokenException($"watch of {prefix} closed by the server");
    }

    sealed class WatchBrokenException(string message) : Exception(message);
    sealed class GraceOverException : Exception;
}
