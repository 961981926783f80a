using Xunit;
using WaveletStack.Configuration;
using WaveletStack.Docker;
using WaveletStack.Images;
using WaveletStack.Node;
using WaveletStack.Stack;
using WaveletStack.Tests.Images;

namespace WaveletStack.Tests.Node;

/// <summary>
/// One deployed stack shared by every test class of a collection: deploying is the slow part, so
/// it happens once. Its services and volumes are removed at the end, and so is every stack a test
/// duplicated from it. Fails loudly without an engine.
/// </summary>
public abstract class DeployedStackFixture(string prefix, string tag, int nodes) : IAsyncLifetime
{
    public string Stack { get; } = $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 8)];
    public string Root { get; } = ImagesFixture.RepositoryRoot();
    public LocalEngineConnection Engine { get; } = LocalEngineConnection.Open();
    public NodeLocator Locator => new(Engine, Stack);
    public int Nodes { get; private set; } = nodes;
    readonly int initialNodes = nodes;
    readonly List<string> extraStacks = [];

    public StackConfiguration Configuration(string stack) => StackConfiguration.From(stack, new Dictionary<string, string>
    {
        // The images this run built from this tree, not whatever localhost:5000 holds.
        ["SWARM"] = StackName.LocalSwarm, ["REGISTRY"] = ImagesFixture.Names.Registry,
        ["WAVELET_TAG"] = tag, ["WAVELET_NODES"] = $"{(stack == Stack ? Nodes : initialNodes)}",
    }, Root);

    public StackLifecycle Lifecycle(string stack) => new(Engine, Configuration(stack), Root, PublishMode.Host);

    /// <summary>Deploys a stack as DeployStack does (deploy, wait healthy).</summary>
    public async Task DeployAsync(string stack, CancellationToken cancellationToken)
    {
        if (stack != Stack && !extraStacks.Contains(stack)) extraStacks.Add(stack);
        var lifecycle = Lifecycle(stack);
        await lifecycle.DeployAsync(cancellationToken);
        await WaitHealthyAsync(stack, cancellationToken);
    }

    /// <summary>Changes the main stack's node count and deploys it (the membership path).</summary>
    public Task ScaleAsync(int count, CancellationToken cancellationToken)
    {
        Nodes = count;
        return DeployAsync(Stack, cancellationToken);
    }

    public async Task WaitHealthyAsync(string stack, CancellationToken cancellationToken) =>
        await Lifecycle(stack).WaitHealthyAsync(TimeSpan.FromMinutes(3), cancellationToken);

    /// <summary>Transactions make blocks: the benchmark runs until node 1 is past height 0 (the sim is idle otherwise); node 1's height.</summary>
    public async Task<long> EnsureHeightAsync(CancellationToken cancellationToken)
    {
        var node = await NodeAsync("1");
        if (await WaveletLedger.HeightAsync(node, cancellationToken) is { } current and > 0) return current;
        var benchmark = new WaveletStack.Benchmark.BenchmarkService(Engine, Stack);
        await benchmark.ScaleAsync(1, cancellationToken);
        try { return await WaveletLedger.WaitForHeightAsync(node, 3, TimeSpan.FromMinutes(2), cancellationToken); }
        finally { await benchmark.ScaleAsync(0, CancellationToken.None); }
    }

    public async Task<NodeContainer> NodeAsync(string id) => await Locator.FindAsync(id, CancellationToken.None);

    /// <summary>Builds (or finds up to date) the images the stack runs.</summary>
    protected abstract Task PrepareImagesAsync(CancellationToken cancellationToken);

    public async Task InitializeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(20));
        try { await Engine.Manager.System.PingAsync(timeout.Token); }
        catch (Exception e) { throw new InvalidOperationException($"These tests need the Docker engine at {LocalEngine.Endpoint()}; start dockerd.", e); }
        await PrepareImagesAsync(timeout.Token);
        await DeployAsync(Stack, timeout.Token);
        await AfterDeployAsync(timeout.Token);
    }

    /// <summary>Work every test of the collection shares, done once the stack is healthy.</summary>
    protected virtual Task AfterDeployAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        try
        {
            foreach (var stack in extraStacks.Append(Stack))
            {
                await Lifecycle(stack).StopAsync(removeVolumes: true, timeout.Token);
                foreach (var file in ConfigFiles.StackFiles(stack).Select(f => Path.Combine(Root, f)).Where(File.Exists)) File.Delete(file);
            }
        }
        finally
        {
            await Engine.DisposeAsync();
            AfterDispose();
        }
    }

    /// <summary>Removes what a subclass made besides the stack.</summary>
    protected virtual void AfterDispose() { }
}

/// <summary>Three simulator nodes, shared by every node-operation test class.</summary>
public sealed class NodeStackFixture() : DeployedStackFixture("wst-node", ImageNames.SimulatorTag, 3)
{
    protected override Task PrepareImagesAsync(CancellationToken cancellationToken) => ImagesFixture.BuildOnceAsync(cancellationToken);
}

[CollectionDefinition(Name)]
public sealed class NodeStackCollection : ICollectionFixture<NodeStackFixture>
{
    public const string Name = "node stack";
}
