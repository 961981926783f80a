using WaveletStack.Output;
using System.Diagnostics;
using Docker.DotNet.Models;
using WaveletStack.Configuration;
using WaveletStack.Docker;
using WaveletStack.Images;
using WaveletStack.Stack;
using WaveletStack.Tests.Stack;
using WaveletStack.Providers.Local;
using WaveletStack.Swarm;
using Xunit;
using WaveletStack.Provisioning;

namespace WaveletStack.Tests.Swarm;

/// <summary>A local swarm end to end on the real engine, reached only over SSH like a cloud swarm.</summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class LocalSwarmTests(LocalSwarmFixture swarm) : IClassFixture<LocalSwarmFixture>
{
    [Fact]
    public async Task CreateSwarm_OfTwoLocalHosts_ShowsBothReadyWithOneLeader()
    {
        await using var engines = await EngineConnections.ForSwarmAsync(swarm.Name, swarm.Store, swarm.Token);
        var table = (await SwarmReports.NodesAsync(engines.Manager, swarm.Token)).ToString();

        Assert.False(engines.IsLocal);
        Assert.Matches($@"{swarm.Name}-1\s+Ready\s+Active\s+Leader", table);
        Assert.Matches($@"{swarm.Name}-2\s+Ready\s+Active", table);
    }

    [Fact]
    public async Task DeployStack_AcrossTheSwarm_PullsThroughTheRegistryRunsNodesOnBothHostsAndBecomesHealthy()
    {
        await using var engines = await EngineConnections.ForSwarmAsync(swarm.Name, swarm.Store, swarm.Token);
        var configuration = StackConfiguration.From("wst-swarm-across", new Dictionary<string, string>
        {
            ["SWARM"] = swarm.Name, ["REGISTRY"] = swarm.Images.Registry, ["WAVELET_TAG"] = ImageNames.SimulatorTag, ["WAVELET_NODES"] = "3",
        }, Repository.Root);
        // Docker-in-Docker hosts have no IPVS, which the manager's kernel tells over SSH.
        var publishing = PublishModeDetector.Decide(configuration.PublishMode, await engines.RoutingMeshAvailableAsync(swarm.Token));
        Assert.Equal(PublishMode.Host, publishing.Mode);
        var lifecycle = new StackLifecycle(engines, configuration, Repository.Root, publishing.Mode);
        try
        {
            var clock = Stopwatch.StartNew();
            await lifecycle.DeployAsync(swarm.Token);
            // Probes every node through the load balancer at the manager's address, as Status shows it.
            await lifecycle.WaitHealthyAsync(TimeSpan.FromMinutes(3), swarm.Token);
            Console.WriteLine($"[figure] stack of 3 nodes across a local swarm of 2 deployed and healthy in {clock.Elapsed.TotalSeconds:0.0} s");

            var tasks = await engines.Manager.Tasks.ListAsync(new TasksListParameters
            {
                Filters = new Dictionary<string, IDictionary<string, bool>>
                {
                    ["service"] = new Dictionary<string, bool> { ["wst-swarm-across_wavelet"] = true },
                    ["desired-state"] = new Dictionary<string, bool> { ["running"] = true },
                },
            }, swarm.Token);
            // Started (swarm says "starting" until Docker's first health check passes): WaitHealthy asked the nodes themselves.
            Assert.Equal(3, tasks.Count(t => t.Status.State is TaskState.Running or TaskState.Starting && t.Status.ContainerStatus?.ContainerID is not null));
            Assert.True(tasks.Select(t => t.NodeID).Distinct().Count() >= 2, "the three nodes all run on one host");
            Assert.All(tasks, t => Assert.StartsWith($"{swarm.Images.Registry}/wavelet-stack-node:sim", t.Spec.ContainerSpec.Image));
            Assert.Equal(swarm.Store.Load(swarm.Name).Record.Hosts[0].Address, await engines.PublicAddressAsync(swarm.Token));
        }
        finally
        {
            await lifecycle.StopAsync(removeVolumes: true, CancellationToken.None);
        }
    }

    [Fact]
    public async Task StopStackThenDeployStack_AcrossTheSwarm_EveryNodeResumesOnItsOwnNewestVolume()
    {
        await using var engines = await EngineConnections.ForSwarmAsync(swarm.Name, swarm.Store, swarm.Token);
        var settings = new Dictionary<string, string>
        {
            ["SWARM"] = swarm.Name, ["REGISTRY"] = swarm.Images.Registry, ["WAVELET_TAG"] = ImageNames.SimulatorTag, ["WAVELET_NODES"] = "3",
        };
        var configuration = StackConfiguration.From("wst-swarm-return", settings, Repository.Root);
        var lifecycle = new StackLifecycle(engines, configuration, Repository.Root, PublishMode.Host);
        var output = new StringWriter();
        var savedOut = Ui.Out;
        string? drained = null;
        try
        {
            await lifecycle.DeployAsync(swarm.Token);
            await lifecycle.WaitHealthyAsync(TimeSpan.FromMinutes(3), swarm.Token);
            await Task.Delay(TimeSpan.FromSeconds(3), swarm.Token); // a marker or two with a height (every 2 s)
            var before = await NodesAsync(engines, "wst-swarm-return");
            await lifecycle.StopAsync(removeVolumes: false, swarm.Token);
            // Left alone, swarm put every node back where it was (seen once): a worker that ran a node
            // is drained, so its nodes must start on another host, where only the copies can be.
            drained = await DrainAWorkerAsync(engines, before.Values.Select(n => n.Host), "drain");

            Ui.Out = output;
            var clock = Stopwatch.StartNew();
            await lifecycle.DeployAsync(swarm.Token);
            await lifecycle.WaitHealthyAsync(TimeSpan.FromMinutes(3), swarm.Token);
            Ui.Out = savedOut;
            var after = await NodesAsync(engines, "wst-swarm-return");
            Console.WriteLine($"[figure] drained for the second deploy: {drained ?? "none (every node ran on the manager)"}");
            if (drained is not null) Assert.DoesNotContain(after.Values, n => n.Host == drained);
            await DrainAWorkerAsync(engines, drained is null ? [] : [drained], "active");
            Console.WriteLine($"[figure] StopStack → DeployStack of 3 nodes on {(await engines.Manager.Swarm.ListNodesAsync(swarm.Token)).Count()} hosts: healthy in {clock.Elapsed.TotalSeconds:0.0} s");
            Console.WriteLine(output.ToString());
            foreach (var (node, was) in before)
            {
                var now = after[node];
                Console.WriteLine($"[figure] node {node}: {was.Host} generation {was.Marker.Generation} height {was.Marker.Height} → {now.Host} generation {now.Marker.Generation} height {now.Marker.Height}");
                // Its own newest volume, wherever it landed: one start more than before, never a fresh one.
                Assert.True(now.Marker.Generation > was.Marker.Generation, $"node {node} started on {now.Host} from an older or empty volume (generation {now.Marker.Generation} after {was.Marker.Generation})");
                Assert.True(now.Height >= was.Height, $"node {node}: height {now.Height} < {was.Height}");
            }

            // A rolling update (the node service changes, it is not created): do slots move between hosts?
            var updated = new StackLifecycle(engines, StackConfiguration.From("wst-swarm-return",
                new Dictionary<string, string>(settings) { ["WAVELET_SNOWBALL_BETA"] = "30" }, Repository.Root), Repository.Root, PublishMode.Host);
            await updated.DeployAsync(swarm.Token);
            await updated.WaitHealthyAsync(TimeSpan.FromMinutes(3), swarm.Token);
            var rolled = await NodesAsync(engines, "wst-swarm-return");
            foreach (var (node, was) in after)
                Console.WriteLine($"[figure] rolling update: node {node} {was.Host} → {rolled[node].Host}, generation {was.Marker.Generation} → {rolled[node].Marker.Generation}");
        }
        finally
        {
            Ui.Out = savedOut;
            if (drained is not null) await DrainAWorkerAsync(engines, [drained], "active");
            await lifecycle.StopAsync(removeVolumes: true, CancellationToken.None);
        }
    }

    /// <summary>Sets the first worker among <paramref name="hosts"/> to <paramref name="availability"/>; its name, or null when none is a worker.</summary>
    async Task<string?> DrainAWorkerAsync(IEngineConnection engines, IEnumerable<string> hosts, string availability)
    {
        var names = hosts.ToHashSet();
        var worker = (await engines.Manager.Swarm.ListNodesAsync(swarm.Token))
            .FirstOrDefault(n => n.Spec.Role == "worker" && names.Contains(n.Description.Hostname));
        if (worker is null) return null;
        worker.Spec.Availability = availability;
        await engines.Manager.Swarm.UpdateNodeAsync(worker.ID, worker.Version.Index, new NodeUpdateParameters
        {
            Availability = worker.Spec.Availability, Role = worker.Spec.Role, Name = worker.Spec.Name, Labels = worker.Spec.Labels,
        }, CancellationToken.None);
        return worker.Description.Hostname;
    }

    /// <summary>Each running node: the host it runs on, its marker (read in its container) and its height.</summary>
    async Task<Dictionary<string, (string Host, VolumeMarker Marker, long Height)>> NodesAsync(IEngineConnection engines, string stack)
    {
        var nodes = new Dictionary<string, (string, VolumeMarker, long)>();
        var locator = new WaveletStack.Node.NodeLocator(engines, stack);
        var tasks = await locator.RunningTasksAsync(swarm.Token);
        foreach (var node in await locator.AllWaveletNodesAsync(swarm.Token))
        {
            await using var tar = await WaveletStack.Node.NodeCopy.GetArchiveAsync(node, VolumeMarker.PathIn("/data"), swarm.Token);
            var marker = await VolumeMarker.FromTarAsync(tar, swarm.Token) ?? throw new InvalidOperationException($"{node} has no marker");
            var host = (await engines.Manager.Swarm.InspectNodeAsync(tasks[node.Id].NodeID, swarm.Token)).Description.Hostname;
            nodes[node.Id.ToString()] = (host, marker, await WaveletStack.Node.WaveletLedger.HeightAsync(node, swarm.Token) ?? -1);
        }
        return nodes;
    }

    [Fact]
    public async Task DeployStack_WithAnImageTheRegistryLacks_RepeatsThePullsAnswerAndSaysToPushImages()
    {
        await using var engines = await EngineConnections.ForSwarmAsync(swarm.Name, swarm.Store, swarm.Token);
        var configuration = StackConfiguration.From("wst-swarm-unpushed", new Dictionary<string, string>
        {
            ["SWARM"] = swarm.Name, ["REGISTRY"] = swarm.Images.Registry, ["WAVELET_TAG"] = "wst-never-pushed", ["WAVELET_NODES"] = "1",
        }, Repository.Root);

        var error = await Assert.ThrowsAsync<UserErrorException>(() =>
            new StackLifecycle(engines, configuration, Repository.Root, PublishMode.Host).DeployAsync(swarm.Token));

        Assert.Contains($"{swarm.Images.Registry}/wavelet-stack-node:wst-never-pushed not found on the swarm", error.Message);
        Assert.Contains("manifest unknown", error.Message);
        Assert.Contains("`./build.sh PushImages --stack wst-swarm-unpushed`", error.Message);
        Assert.Empty(await StackServices.ListAsync(engines.Manager, "wst-swarm-unpushed", swarm.Token));
    }

    [Fact]
    public async Task SwarmStatus_WithAStacksServicesOnTheSwarm_CountsThemUnderTheStacksName()
    {
        await using var engines = await EngineConnections.ForSwarmAsync(swarm.Name, swarm.Store, swarm.Token);
        var labels = new Dictionary<string, string> { [WaveletStack.Compose.StackNaming.NamespaceLabel] = "wst-swarm-demo" };
        var created = new List<string>();
        try
        {
            foreach (var name in new[] { "wst-swarm-demo_a", "wst-swarm-demo_b" })
                created.Add((await engines.Manager.Swarm.CreateServiceAsync(new ServiceCreateParameters
                {
                    Service = new ServiceSpec
                    {
                        Name = name, Labels = labels,
                        TaskTemplate = new TaskSpec { ContainerSpec = new ContainerSpec { Image = "wst-swarm-absent:never" } },
                        Mode = new ServiceMode { Replicated = new ReplicatedService { Replicas = 0 } },
                    },
                }, swarm.Token)).ID);

            var table = (await SwarmReports.StacksAsync(engines.Manager, swarm.Token)).ToString();

            Assert.Matches(@"wst-swarm-demo\s+2\s+Swarm", table);
        }
        finally
        {
            foreach (var id in created) await engines.Manager.Swarm.RemoveServiceAsync(id, CancellationToken.None);
        }
    }

    [Fact]
    public async Task SshEngineConnection_ForSwarmNode_ReachesTheEngineOfThatHost()
    {
        await using var engines = await EngineConnections.ForSwarmAsync(swarm.Name, swarm.Store, swarm.Token);
        var nodes = await engines.Manager.Swarm.ListNodesAsync(swarm.Token);
        var second = nodes.Single(n => n.Description.Hostname == $"{swarm.Name}-2");

        var engine = await engines.ForSwarmNodeAsync(second.ID, swarm.Token);
        var info = await engine.System.GetSystemInfoAsync(swarm.Token);

        Assert.Equal($"{swarm.Name}-2", info.Name);
        Assert.Equal(second.ID, info.Swarm.NodeID);
    }

    [Fact]
    public async Task SshEngineConnection_WithManyConcurrentRequests_AnswersThemAll()
    {
        // More requests at once than OpenSSH's per-connection channel limit: the tunnel must spread them.
        await using var engines = await EngineConnections.ForSwarmAsync(swarm.Name, swarm.Store, swarm.Token);
        var versions = await Task.WhenAll(Enumerable.Range(0, 24).Select(_ => engines.Manager.System.GetVersionAsync(swarm.Token)));
        Assert.All(versions, v => Assert.Equal("1.41", v.APIVersion));
    }

    [Fact]
    public async Task Connect_WhenTheHostKeyChanged_IsRefusedWithAClearMessage()
    {
        var state = swarm.Store.Load(swarm.Name);
        var host = state.Record.Hosts[0];
        var forged = SshKnownHosts.InMemory($"{host.Address} ssh-ed25519 {Convert.ToBase64String(new byte[51])}\n");

        var error = await Assert.ThrowsAsync<SshHostKeyChangedException>(() =>
            SshSession.ConnectAsync(host.Endpoint, [state.Key()], forged, swarm.Token));

        Assert.Contains($"host key of {host.Address} has changed", error.Message);
    }

    [Fact]
    public async Task ImportSwarm_FromOneHostsAddress_MakesTheSwarmUsableFromAFreshStateFolder()
    {
        var state = swarm.Store.Load(swarm.Name);
        var fresh = new SwarmStore(Directory.CreateTempSubdirectory("wst-swarm-import-").FullName);
        try
        {
            // The swarm's own key stands in for a key an administrator added for this user.
            var identity = Path.Combine(state.Folder, SwarmState.PrivateKeyFile);
            var imported = await new SwarmImporter(fresh).ImportAsync(state.Record.Hosts[^1].Address, identity, swarm.Token);

            Assert.Equal(swarm.Name, imported.Name);
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(imported.Folder, SwarmState.PrivateKeyFile)));
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(imported.Folder));
            await using var engines = await EngineConnections.ForSwarmAsync(swarm.Name, fresh, swarm.Token);
            var nodes = await engines.Manager.Swarm.ListNodesAsync(swarm.Token);
            Assert.True(nodes.Count() >= 2);
        }
        finally
        {
            Directory.Delete(fresh.Home, recursive: true);
        }
    }

    [Fact]
    public async Task ExpandSwarm_ByOne_AddsAThirdReadyHost()
    {
        var before = swarm.Store.Load(swarm.Name).Record.Hosts.Count;

        var state = await new SwarmProvisioner(swarm.Store)
            .ExpandAsync(swarm.Request(1), swarm.Token);

        Assert.Equal(before + 1, state.Record.Hosts.Count);
        var added = state.Record.Hosts[^1].Name;
        await using var engines = await EngineConnections.ForSwarmAsync(swarm.Name, swarm.Store, swarm.Token);
        Assert.Matches($@"{added}\s+Ready\s+Active", (await SwarmReports.NodesAsync(engines.Manager, swarm.Token)).ToString());
    }

    [Fact]
    public async Task DestroySwarm_WithoutForce_RefusesAndKeepsEverything()
    {
        var error = await Assert.ThrowsAsync<UserErrorException>(() =>
            new SwarmDestroyer(swarm.Store).DestroyAsync(LocalSwarmFixture.Request(swarm.Name, 1), force: false, askName: null, swarm.Token));

        Assert.Contains("--force", error.Message);
        Assert.True(swarm.Store.Exists(swarm.Name));
        using var docker = LocalEngine.Connect();
        var container = await docker.Containers.InspectContainerAsync(LocalHostProvider.ContainerName($"{swarm.Name}-1"), swarm.Token);
        Assert.True(container.State.Running);
    }
}
