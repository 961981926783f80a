using WaveletStack.Docker;
using WaveletStack.Node;
using WaveletStack.Output;

namespace WaveletStack.Stack;

/// <summary>
/// SeedEtcd: writes what the agents need from outside their containers — `/config/WAVELET_NODES` —
/// by running etcdctl inside the sync container through its host's engine, and removes the
/// `/mapping/<i>` keys that stacks deployed by earlier versions still hold (nodes now peer on the
/// stack network and need no published address). No etcd port is
/// published, and the same path works on a remote swarm. Keys already holding the right value
/// are not written again, so a no-op deploy sends the agents no events.
/// </summary>
public sealed class EtcdSeeder(IEngineConnection engine, string stack)
{
    const string Etcdctl = "ETCDCTL_API=3 etcdctl --endpoints=http://127.0.0.1:2379";

    /// <summary>The keys and values the stack's etcd should hold.</summary>
    public static IReadOnlyDictionary<string, string> Desired(int nodes) =>
        new SortedDictionary<string, string>(StringComparer.Ordinal) { ["/config/WAVELET_NODES"] = $"{nodes}" };

    public async Task<int> SeedAsync(int nodes, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            var sync = await WaitForSyncAsync(deadline.Token);
            var desired = Desired(nodes);
            var current = ParseGet(await ContainerExec.ShellCheckedAsync(sync, "read etcd", $"""
                tries=0
                until {Etcdctl} endpoint health >/dev/null 2>&1; do
                  tries=$((tries + 1)); [ $tries -gt 600 ] && echo "etcd is not healthy" >&2 && exit 1; sleep 0.1
                done
                {Etcdctl} get --prefix /mapping/ && {Etcdctl} get --prefix /config/
                """, deadline.Token));
            var txn = Txn(desired, current);
            if (txn is null) return 0;
            await ContainerExec.ShellCheckedAsync(sync, "write etcd", $"printf '%s' \"$1\" | {Etcdctl} txn >/dev/null", deadline.Token, txn);
            return desired.Count(d => current.GetValueOrDefault(d.Key) != d.Value) + current.Keys.Count(k => IsStale(k, desired));
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new UserErrorException(
                $"The sync service of stack '{stack}' did not answer within {timeout.TotalSeconds:0} s; see `./build.sh Logs --node sync --stack {stack}`.");
        }
    }

    async Task<NodeContainer> WaitForSyncAsync(CancellationToken cancellationToken)
    {
        var locator = new NodeLocator(engine, stack);
        var sync = new NodeId(NodeId.SyncService, 1);
        while (true)
        {
            if ((await locator.RunningTasksAsync(cancellationToken)).ContainsKey(sync))
                return await locator.FindAsync(sync, cancellationToken);
            Ui.Progress("Waiting for the sync service…");
            await Task.Delay(100, cancellationToken);
        }
    }

    /// <summary>`etcdctl get` prints key and value on alternate lines.</summary>
    static Dictionary<string, string> ParseGet(string output)
    {
        var lines = output.Split('\n');
        var values = new Dictionary<string, string>();
        for (var i = 0; i + 1 < lines.Length; i += 2) values[lines[i]] = lines[i + 1];
        return values;
    }

    static bool IsStale(string key, IReadOnlyDictionary<string, string> desired) =>
        key.StartsWith(LegacyMapping, StringComparison.Ordinal) && !desired.ContainsKey(key);

    const string LegacyMapping = "/mapping/";

    /// <summary>One etcd transaction with every change (no comparisons), or null when nothing changes.</summary>
    static string? Txn(IReadOnlyDictionary<string, string> desired, IReadOnlyDictionary<string, string> current)
    {
        var operations = desired.Where(d => current.GetValueOrDefault(d.Key) != d.Value)
            .Select(d => $"put {d.Key} \"{d.Value}\"")
            .Concat(current.Keys.Where(k => IsStale(k, desired)).Select(k => $"del {k}"))
            .ToList();
        return operations.Count == 0 ? null : "\n" + string.Join("\n", operations) + "\n\n\n";
    }
}
