using Etcdserverpb;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Net.Client;

namespace WaveletStack.Agent.Etcd;

/// <summary>
/// The few etcd v3 calls the agent makes (range, put with lease, leases, watch), over the
/// generated gRPC clients that dotnet-etcd ships. Every call has a deadline so that an
/// unreachable sync service fails the call instead of hanging it.
/// </summary>
public sealed class EtcdStore : IDisposable
{
    static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(5);
    readonly GrpcChannel channel;
    readonly KV.KVClient kv;
    readonly Lease.LeaseClient lease;

    public string Endpoint { get; }
    public Watch.WatchClient Watcher { get; }

    public EtcdStore(string endpoint)
    {
        Endpoint = endpoint.Contains("://") ? endpoint : "http://" + endpoint;
        // gRPC's default reconnect backoff (1 s, growing by 1.6) kept agents away from a sync
        // service that had just come up for 6 s on a fresh stack: calls failed fast while the
        // channel waited. Etcd is on the stack's own network; retrying it often costs nothing.
        // A link that drops packets (a partition, a paused container) breaks no connection by
        // itself: calls on it waited out their deadline while TCP's retransmissions backed off,
        // so a node whose partition healed registered again only 6-9 s later (FaultSuite).
        // HTTP/2 pings find such a connection dead, and a connection attempt gives up after 2 s.
        // Pings only every 6 s and only with a call open (the watch): etcd answers pings more
        // often than every 5 s, or without a stream, with GOAWAY (too_many_pings), which left a
        // watch silently stuck at 1 s. The handler has no ConnectCallback of ours: with one,
        // gRPC gives up its own connection management, and a fresh deploy then waited out a 5 s
        // call deadline while sync came up.
        channel = GrpcChannel.ForAddress(Endpoint, new GrpcChannelOptions
        {
            InitialReconnectBackoff = TimeSpan.FromMilliseconds(100),
            MaxReconnectBackoff = TimeSpan.FromSeconds(1),
            HttpHandler = new SocketsHttpHandler
            {
                ConnectTimeout = TimeSpan.FromSeconds(2),
                KeepAlivePingDelay = TimeSpan.FromSeconds(6),
                KeepAlivePingTimeout = TimeSpan.FromSeconds(3),
                KeepAlivePingPolicy = HttpKeepAlivePingPolicy.WithActiveRequests,
                EnableMultipleHttp2Connections = true,
            },
        });
        kv = new KV.KVClient(channel);
        lease = new Lease.LeaseClient(channel);
        Watcher = new Watch.WatchClient(channel);
    }

    static DateTime Deadline => DateTime.UtcNow + CallTimeout;

    readonly object revisionGate = new();
    long highestRevision;
    TaskCompletionSource restarted = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>
    /// Completes when the sync service is seen to have started over empty (it keeps no volume):
    /// an etcd's revision only grows, so a lower one is a new store. Registrations then write
    /// themselves again at once instead of at their next keep-alive. Read it again after it fires.
    /// </summary>
    public Task Restarted { get { lock (revisionGate) return restarted.Task; } }

    /// <summary>Notes a revision the store answered with; a lower one than before means it restarted empty.</summary>
    public bool Observe(long revision)
    {
        TaskCompletionSource? fired = null;
        lock (revisionGate)
        {
            if (revision < highestRevision)
            {
                fired = restarted;
                restarted = new(TaskCreationOptions.RunContinuationsAsynchronously);
            }
            highestRevision = fired is null ? Math.Max(highestRevision, revision) : revision;
        }
        fired?.TrySetResult();
        return fired is not null;
    }

    /// <summary>All keys under <paramref name="prefix"/>, and the revision they were read at.</summary>
    public async Task<(Dictionary<string, string> Values, long Revision)> GetPrefixAsync(string prefix, CancellationToken ct)
    {
        var response = await kv.RangeAsync(new RangeRequest { Key = ByteString.CopyFromUtf8(prefix), RangeEnd = RangeEnd(prefix) },
            deadline: Deadline, cancellationToken: ct);
        var values = response.Kvs.ToDictionary(x => x.Key.ToStringUtf8(), x => x.Value.ToStringUtf8());
        Observe(response.Header.Revision);
        return (values, response.Header.Revision);
    }

    public async Task PutAsync(string key, string value, long leaseId, CancellationToken ct) =>
        await kv.PutAsync(new PutRequest { Key = ByteString.CopyFromUtf8(key), Value = ByteString.CopyFromUtf8(value), Lease = leaseId },
            deadline: Deadline, cancellationToken: ct);

    /// <summary>
    /// Writes every key in one transaction, so a watcher never sees a node's `/peers` entry
    /// without its `/nodes` record (or the reverse).
    /// </summary>
    public async Task PutAllAsync(IReadOnlyDictionary<string, string> keys, long leaseId, CancellationToken ct)
    {
        var txn = new TxnRequest();
        foreach (var (key, value) in keys)
            txn.Success.Add(new RequestOp { RequestPut = new PutRequest { Key = ByteString.CopyFromUtf8(key), Value = ByteString.CopyFromUtf8(value), Lease = leaseId } });
        await kv.TxnAsync(txn, deadline: Deadline, cancellationToken: ct);
    }

    public async Task DeleteAsync(string key, CancellationToken ct) =>
        await kv.DeleteRangeAsync(new DeleteRangeRequest { Key = ByteString.CopyFromUtf8(key) }, deadline: Deadline, cancellationToken: ct);

    public async Task DeletePrefixAsync(string prefix, CancellationToken ct) =>
        await kv.DeleteRangeAsync(new DeleteRangeRequest { Key = ByteString.CopyFromUtf8(prefix), RangeEnd = RangeEnd(prefix) }, deadline: Deadline, cancellationToken: ct);

    public async Task<long> GrantLeaseAsync(int ttlSeconds, CancellationToken ct) =>
        (await lease.LeaseGrantAsync(new LeaseGrantRequest { TTL = ttlSeconds }, deadline: Deadline, cancellationToken: ct)).ID;

    /// <summary>Refreshes the lease once; returns its remaining TTL, 0 or less when it is already gone.</summary>
    public async Task<long> KeepAliveAsync(long leaseId, CancellationToken ct)
    {
        using var call = lease.LeaseKeepAlive(deadline: Deadline, cancellationToken: ct);
        await call.RequestStream.WriteAsync(new LeaseKeepAliveRequest { ID = leaseId }, ct);
        await call.RequestStream.CompleteAsync();
        return await call.ResponseStream.MoveNext(ct) ? call.ResponseStream.Current.TTL : 0;
    }

    public async Task RevokeLeaseAsync(long leaseId, CancellationToken ct) =>
        await lease.LeaseRevokeAsync(new LeaseRevokeRequest { ID = leaseId }, deadline: Deadline, cancellationToken: ct);

    /// <summary>The range end that selects every key starting with <paramref name="prefix"/>.</summary>
    public static ByteString RangeEnd(string prefix)
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes(prefix);
        for (var i = bytes.Length - 1; i >= 0; i--)
        {
            if (bytes[i] < 0xff) { bytes[i]++; return ByteString.CopyFrom(bytes, 0, i + 1); }
        }
        return ByteString.CopyFrom(0); // every key
    }

    /// <summary>True for the failures that mean "the sync service is not reachable (yet)": worth a retry.</summary>
    /// <summary>
    /// A failure that passes when the sync service is back. Callers check their own token first:
    /// a call cancelled by a connection attempt that timed out (a partition) is then not theirs.
    /// </summary>
    public static bool IsUnavailable(Exception e) =>
        e is RpcException { StatusCode: StatusCode.Unavailable or StatusCode.DeadlineExceeded or StatusCode.Internal or StatusCode.Unknown or StatusCode.Cancelled }
            or HttpRequestException or IOException or OperationCanceledException;

    public void Dispose() => channel.Dispose();
}
