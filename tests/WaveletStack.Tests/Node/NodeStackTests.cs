using System.Text;
using Docker.DotNet;
using Xunit;
using WaveletStack.Benchmark;
using WaveletStack.Docker;
using WaveletStack.Node;
using WaveletStack.Stack;

namespace WaveletStack.Tests.Node;

/// <summary>Node operations on a deployed stack of simulator nodes: locating, shell, copy.</summary>
[Collection(NodeStackCollection.Name)]
public class NodeStackTests(NodeStackFixture stack)
{
    [Fact]
    public async Task FindNode_UnknownId_ListsTheIdsThatRun()
    {
        var error = await Assert.ThrowsAsync<UserErrorException>(() => stack.NodeAsync("7"));
        Assert.Contains("1, 2, 3, sync, loadbalancer", error.Message);
    }

    [Fact]
    public async Task NodeAndLoadBalancerContainers_After60HealthChecks_HoldNoZombieProcess()
    {
        // Every node container runs `wavelet-agent health` every second; tini is PID 1 and reaps
        // whatever ends up orphaned (zombie agents once piled up there).
        foreach (var id in new[] { "1", "loadbalancer" })
        {
            var node = await stack.NodeAsync(id);
            var script = "ps -eo pid=,stat=,comm= | awk '$2 ~ /^Z/'; echo pid1=$(cat /proc/1/comm); " +
                         "echo up=$(cut -d. -f1 /proc/uptime) started=$(($(cut -d' ' -f22 /proc/1/stat) / $(getconf CLK_TCK)))";
            var seconds = 0;
            string report = "";
            for (var attempt = 0; attempt < 90 && seconds < 62; attempt++)
            {
                report = await ContainerExec.ShellCheckedAsync(node, "list processes", script, CancellationToken.None);
                var fields = report.Split([' ', '\n'], StringSplitOptions.RemoveEmptyEntries).Where(f => f.Contains('=')).ToDictionary(f => f.Split('=')[0], f => f.Split('=')[1]);
                seconds = int.Parse(fields["up"]) - int.Parse(fields["started"]);
                if (seconds < 62) await Task.Delay(1000);
            }
            Assert.True(seconds >= 62, $"container {id} has run only {seconds} s");
            Assert.Contains("pid1=tini", report);
            var zombies = report[..report.IndexOf("pid1=", StringComparison.Ordinal)].Trim();
            Assert.True(zombies.Length == 0, $"zombie processes in container {id} after {seconds} s: {zombies}");
        }
    }

    [Fact]
    public async Task FindNode_StoppedStack_SaysHowToStartIt()
    {
        var error = await Assert.ThrowsAsync<UserErrorException>(() =>
            new NodeLocator(stack.Engine, "wst-node-absent").FindAsync("1", CancellationToken.None));
        Assert.Contains("DeployStack --stack wst-node-absent", error.Message);
    }

    [Fact]
    public async Task FindNode_ReachesTheContainerThroughTheEngineOfTheHostRunningItsTask()
    {
        await using var swarm = new HostRecordingConnection(stack.Engine);
        var node = await new NodeLocator(swarm, stack.Stack).FindAsync("2", CancellationToken.None);

        var task = (await stack.Locator.RunningTasksAsync(CancellationToken.None))[NodeId.Parse("2")];
        Assert.Equal([task.NodeID], swarm.AskedFor);
        Assert.Same(swarm.HostEngine, node.Engine);
        Assert.Equal("2", (await ContainerExec.ShellCheckedAsync(node, "read the slot", "printf %s \"$WAVELET_NODE_ID\"", CancellationToken.None)));
    }

    /// <summary>
    /// A swarm whose hosts' engines are separate clients from its manager's, as on a remote swarm
    /// (there each is an SSH tunnel): an operation that used the manager's engine for exec would
    /// not be seen to ask for the host's.
    /// </summary>
    sealed class HostRecordingConnection(IEngineConnection inner) : IEngineConnection
    {
        public IDockerClient HostEngine { get; } = LocalEngine.Connect();
        public List<string> AskedFor { get; } = [];
        public string Swarm => "wst-node-recording";
        public bool IsLocal => false;
        public IDockerClient Manager => inner.Manager;

        public Task<IDockerClient> ForSwarmNodeAsync(string swarmNodeId, CancellationToken cancellationToken)
        {
            AskedFor.Add(swarmNodeId);
            return Task.FromResult(HostEngine);
        }

        public Task<string> PublicAddressAsync(CancellationToken cancellationToken) => inner.PublicAddressAsync(cancellationToken);
        public Task<bool> RoutingMeshAvailableAsync(CancellationToken cancellationToken) => inner.RoutingMeshAvailableAsync(cancellationToken);

        public ValueTask DisposeAsync()
        {
            HostEngine.Dispose();   // the fixture's engine is not ours to close
            return ValueTask.CompletedTask;
        }
    }

    [Fact]
    public async Task Shell_InANodeAndOnSync_ExitsWithTheCommandsCodeAndReadsStdin()
    {
        foreach (var id in new[] { "2", "sync" })
        {
            var node = await stack.NodeAsync(id);
            using var output = new MemoryStream();
            var code = await NodeShell.RunCommandAsync(node, ["sh", "-c", "cat; exit 42"], new MemoryStream("from stdin\n"u8.ToArray()),
                output, Stream.Null, CancellationToken.None);
            Assert.Equal(42, code);
            Assert.Equal("from stdin\n", Encoding.UTF8.GetString(output.ToArray()));
        }
    }

    [Fact]
    public async Task Copy_FileIntoANodeAndBack_IsByteIdentical()
    {
        var node = await stack.NodeAsync("3");
        var folder = Directory.CreateTempSubdirectory("wst-node-").FullName;
        try
        {
            var bytes = Enumerable.Range(0, 70_000).Select(i => (byte)(i * 31)).ToArray();
            await File.WriteAllBytesAsync(Path.Combine(folder, "in.bin"), bytes);
            await NodeCopy.RunAsync(CopyRequest.Parse([Path.Combine(folder, "in.bin"), "3:/tmp/in.bin"]), node, CancellationToken.None);
            await NodeCopy.RunAsync(CopyRequest.Parse(["3:/tmp/in.bin", Path.Combine(folder, "out.bin")]), node, CancellationToken.None);
            Assert.Equal(bytes, await File.ReadAllBytesAsync(Path.Combine(folder, "out.bin")));
        }
        finally { Directory.Delete(folder, true); }
    }
}
