using System.Text;
using Docker.DotNet;
using Docker.DotNet.Models;
using WaveletStack.Node;
using WaveletStack.Stack;
using WaveletStack.Compose;

namespace WaveletStack.Faults;

/// <summary>
/// Cuts or slows a container's links on the stack network from inside its own network namespace:
/// a short-lived helper container joins that namespace (`--network container:ID`) with NET_ADMIN,
/// runs iptables or tc, and is removed. The node itself never holds NET_ADMIN, the stack needs no
/// redeploy, and it works on any host of the swarm, through that host's engine. The helper runs
/// the node's own image (already on that host; it carries iproute2 and iptables).
/// Only the interface on the stack network is touched: `docker exec` (Shell, the health check)
/// still reaches the node, and so does the host.
/// </summary>
public static class NetworkFaults
{
    /// <summary>Marks our rules, so that healing removes exactly them and nothing else.</summary>
    const string Mark = "wavelet-stack-partition";

    const string FindInterface = """
        set -u
        dev=$(ip -o -4 addr show | awk -v ip="$1" '{ split($4, a, "/"); if (a[1] == ip) print $2 }')
        [ -n "$dev" ] || { echo "no interface of this container has the stack network's address $1" >&2; exit 3; }
        """;

    const string Partition = FindInterface + $"""

        iptables -I INPUT -i "$dev" -m comment --comment {Mark} -j DROP
        iptables -I OUTPUT -o "$dev" -m comment --comment {Mark} -j DROP
        """;

    const string Delay = FindInterface + """

        if ! out=$(tc qdisc replace dev "$dev" root netem delay "$2" 2>&1); then
          echo "$out" >&2
          case "$out" in *nknown*|*"not found"*|*"No such file"*) exit 4 ;; esac
          exit 1
        fi
        """;

    // Each removal is tried a bounded number of times: a rule added twice is removed twice.
    const string Heal = FindInterface + $"""

        for i in 1 2 3 4 5 6 7 8; do iptables -D INPUT -i "$dev" -m comment --comment {Mark} -j DROP 2>/dev/null || break; done
        for i in 1 2 3 4 5 6 7 8; do iptables -D OUTPUT -o "$dev" -m comment --comment {Mark} -j DROP 2>/dev/null || break; done
        if tc qdisc show dev "$dev" root | grep -q netem; then tc qdisc del dev "$dev" root; fi
        exit 0
        """;

    public static Task PartitionAsync(NodeContainer node, CancellationToken cancellationToken) =>
        RunAsync(node, "cut it off the stack network", Partition, [], cancellationToken);

    public static Task DelayAsync(NodeContainer node, TimeSpan latency, CancellationToken cancellationToken) =>
        RunAsync(node, "delay its traffic", Delay, [$"{latency.TotalMilliseconds:0}ms"], cancellationToken);

    /// <summary>Undoes Partition and Delay (both, whichever is there): safe to run on a healthy node.</summary>
    public static Task HealAsync(NodeContainer node, CancellationToken cancellationToken) =>
        RunAsync(node, "restore its network", Heal, [], cancellationToken);

    static readonly TimeSpan HelperTimeout = TimeSpan.FromSeconds(60);

    static async Task RunAsync(NodeContainer node, string what, string script, string[] args, CancellationToken cancellationToken)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(HelperTimeout);
        var token = limit.Token;
        var container = await InspectAsync(node, token);
        var network = StackNaming.Network(node.Stack);
        if (container.NetworkSettings?.Networks is not { } networks || !networks.TryGetValue(network, out var endpoint)
            || string.IsNullOrEmpty(endpoint.IPAddress))
            throw new UserErrorException($"Could not {what}: {node} has no address on the stack network {network}.");

        var helper = await node.Engine.Containers.CreateContainerAsync(new CreateContainerParameters
        {
            Image = container.Image, // the image ID: present on this host, whatever registry it came from
            Entrypoint = ["sh", "-c", script, "sh", endpoint.IPAddress, .. args],
            Labels = StackNaming.Labels(node.Stack, new Dictionary<string, string> { ["com.wavelet-stack.fault-helper"] = node.Id.ToString() }),
            HostConfig = new HostConfig { NetworkMode = $"container:{node.ContainerId}", CapAdd = ["NET_ADMIN"] },
        }, token);
        try
        {
            await node.Engine.Containers.StartContainerAsync(helper.ID, new ContainerStartParameters(), token);
            var exit = await node.Engine.Containers.WaitContainerAsync(helper.ID, token);
            if (exit.StatusCode == 0) return;
            var output = await OutputAsync(node.Engine, helper.ID, token);
            if (exit.StatusCode == 4)
                throw new NoNetemException($"Could not {what}: the kernel of {node}'s host has no netem queueing discipline (sch_netem; {output}). " +
                    "DelayNode needs a kernel built with CONFIG_NET_SCH_NETEM; PartitionNode and PauseNode work without it.");
            throw new UserErrorException($"Could not {what} in {node} (exit {exit.StatusCode}): {output}");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new UserErrorException($"Could not {what} in {node}: the helper container did not finish within {HelperTimeout.TotalSeconds:0} s.");
        }
        finally
        {
            await node.Engine.Containers.RemoveContainerAsync(helper.ID, new ContainerRemoveParameters { Force = true }, CancellationToken.None);
        }
    }

    static async Task<ContainerInspectResponse> InspectAsync(NodeContainer node, CancellationToken cancellationToken)
    {
        try
        {
            var container = await node.Engine.Containers.InspectContainerAsync(node.ContainerId, cancellationToken);
            return container.State?.Running == true ? container
                : throw new UserErrorException($"{node}'s container {node.ContainerId[..12]} is not running (swarm may be replacing it).");
        }
        catch (DockerContainerNotFoundException)
        {
            throw new ContainerGoneException($"{node}'s container {node.ContainerId[..12]} is gone (swarm replaced it).");
        }
    }

    static async Task<string> OutputAsync(IDockerClient engine, string id, CancellationToken cancellationToken)
    {
        using var logs = await engine.Containers.GetContainerLogsAsync(id, false,
            new ContainerLogsParameters { ShowStdout = true, ShowStderr = true }, cancellationToken);
        var (stdout, stderr) = await logs.ReadOutputToEndAsync(cancellationToken);
        var text = new StringBuilder().Append(stderr.Trim()).Append(' ').Append(stdout.Trim()).ToString().Trim();
        return text.Length == 0 ? "no output" : text.ReplaceLineEndings(" ");
    }
}

/// <summary>The host's kernel cannot add latency (no sch_netem): DelayNode cannot be applied there.</summary>
public sealed class NoNetemException(string message) : UserErrorException(message);

/// <summary>The container a fault was meant for (or applied to) no longer exists: swarm replaced it.</summary>
public sealed class ContainerGoneException(string message) : UserErrorException(message);
