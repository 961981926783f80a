using WaveletStack.Configuration;
using WaveletStack.Docker;
using WaveletStack.Stack;
using WaveletStack.Swarm;
using WaveletStack.Targets;

/// <summary>
/// The stack's lifecycle: RenderCompose → DeployStack → WaitHealthy; Status (the
/// default target), StopStack, ResetStack, CleanVolumes, RestartWavelet.
/// </summary>
partial class Build
{
    [Parameter("ResetStack: also wipe the nodes' database volumes"), CommandLineOnly]
    readonly bool Hard;

    [Parameter("WaitHealthy: how long to wait for every node to be healthy and peered (default 3m); FaultSuite: how long each fault may take to recover (default 60s)")]
    readonly TimeSpan? Timeout;

    [Parameter("Status: redraw until Ctrl-C (in CI: print every 5 s)")]
    readonly bool Watch;

    [Parameter("Status: print the status as one JSON object")]
    readonly bool Json;

    // On the local engine images are used where they are built, so a deploy builds what is missing
    // or stale (a no-op build takes about a second): a fresh clone's `./build.sh DeployStack` works.
    // A remote swarm rebuilds and pushes only when WAVELET_REBUILD_ON_START asks, as the original.
    Target PrepareImages => _ => _
        .Description("BuildImages (and PushImages for a remote swarm) first: always on the local engine, elsewhere when WAVELET_REBUILD_ON_START is set")
        .Unlisted()
        .DependsOn(BuildImages, PushImages)
        .OnlyWhenStatic(() => ImagesConfiguration.RebuildOnStart || ImagesConfiguration.IsLocal);

    Target RenderCompose => _ => _
        .Description("The stack's compose file with its ports and publish mode (--output FILE: for `docker stack deploy -c`)")
        .DependsOn(EnsureSwarm).After(StopStack, ResetStack)
        .Executes(async () =>
        {
            var lifecycle = ChangesStacks ? await ChangingStackLifecycleAsync() : await StackLifecycleAsync();
            if (!stackEngine!.IsLocal) WaveletStack.Output.Ui.Info(stackPublishing!.ToString()); // EnsureSwarm told the local one
            var rendered = await lifecycle.RenderAsync(Output, Force, CancellationToken);
            WaveletStack.Providers.DigitalOcean.DigitalOceanFirewall.WarnAboutClosedPorts(SwarmStore.Default(), stackEngine.Swarm, rendered.Ports);
        });

    Target DeployStack => _ => _
        .Description("Start or update the stack (only services that differ change), then WaitHealthy")
        .DependsOn(RenderCompose, PrepareImages).After(StopStack, ResetStack)
        .Triggers(WaitHealthy)
        .Executes(async () => await (await ChangingStackLifecycleAsync()).DeployAsync(CancellationToken));

    Target WaitHealthy => _ => _
        .Description("Wait until every node is healthy, peered and reachable through the load balancer (--timeout, default 3m)")
        .Executes(async () => await (await StackLifecycleAsync()).WaitHealthyAsync(Timeout, CancellationToken));

    Target Status => _ => _
        .Description("RUNNING or NOT RUNNING, volumes, Wavelet, addresses, then every task with height and peers (--watch, --json)")
        .Executes(async () => await (await StackLifecycleAsync()).StatusAsync(Json, Watch, CancellationToken));

    Target StopStack => _ => _
        .Description("Remove the stack's services and network; the databases stay unless WAVELET_CLEAN_VOLUMES is set")
        .Executes(async () => await (await ChangingStackLifecycleAsync()).StopAsync(removeVolumes: false, CancellationToken));

    Target ResetStack => _ => _
        .Description("StopStack, then DeployStack; --hard also wipes the databases")
        .DependsOn(PrepareImages)
        .Triggers(DeployStack)
        .Executes(async () => await (await ChangingStackLifecycleAsync()).StopAsync(removeVolumes: Hard, CancellationToken));

    Target CleanVolumes => _ => _
        .Description("Remove a stopped stack's databases on every host of its swarm (needs --force)")
        .Executes(async () => await (await ChangingStackLifecycleAsync()).CleanVolumesAsync(Force, CancellationToken));

    Target RestartWavelet => _ => _
        .Description("Restart /wavelet in every node at once, containers untouched")
        .Executes(async () =>
        {
            await HoldLeaseAsync(await NodeEngineAsync(), Stack);
            await new WaveletStack.Node.WaveletRestarter(new WaveletStack.Node.NodeLocator(await NodeEngineAsync(), Stack)).RestartAsync(CancellationToken);
        });

    // One per run: DeployStack hands its rendered stack and ports to WaitHealthy.
    StackLifecycle? stackLifecycle;
    IEngineConnection? stackEngine;
    PublishDecision? stackPublishing;

    async Task<StackLifecycle> StackLifecycleAsync()
    {
        if (stackLifecycle is not null) return stackLifecycle;
        var configuration = await LoadStackConfigurationAsync();
        stackEngine = await SwarmEngineAsync(configuration.Swarm);
        stackPublishing = await PublishingAsync(configuration, stackEngine);
        return stackLifecycle = new StackLifecycle(stackEngine, configuration, RootDirectory, stackPublishing.Mode);
    }

    // One connection per swarm for the whole run, shared by every target (on a remote swarm: its
    // SSH tunnels); closed when the run ends (DisposeAsync).
    readonly Dictionary<string, IEngineConnection> swarmEngines = new();

    async Task<IEngineConnection> SwarmEngineAsync(string swarm) =>
        swarmEngines.TryGetValue(swarm, out var engine) ? engine
            : swarmEngines[swarm] = await EngineConnections.ForSwarmAsync(swarm, SwarmStore.Default(), CancellationToken);

    public async ValueTask DisposeAsync()
    {
        await ReleaseLeasesAsync(); // before the connections they are given back through
        foreach (var engine in swarmEngines.Values) await engine.DisposeAsync();
        swarmEngines.Clear();
    }

    // Decided from the swarm's manager: cloud hosts have IPVS, Docker-in-Docker hosts do not.
    async Task<PublishDecision> PublishingAsync(StackConfiguration configuration, IEngineConnection engine) =>
        PublishModeDetector.Decide(configuration.PublishMode, await engine.RoutingMeshAvailableAsync(CancellationToken));
}
