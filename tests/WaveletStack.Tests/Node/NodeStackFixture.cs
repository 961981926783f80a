using Xunit;
using WaveletStack.Configuration;
using WaveletStack.Docker;
using WaveletStack.Images;
using WaveletStack.Node;
using WaveletStack.Stack;
using WaveletStack.Tests.Images;

namespace WaveletStack.Tests.Node;

/// <summary>
/// One deployed stack (3 simulator nodes) shared by every node-operation test class: deploying
/// is the slow part, so it happens once. Its services and volumes are removed at the end, and so
/// is every stack a test duplicated from it.
/// </summary>
public sealed class NodeStackFixture : IAsyncLifetime
{
    public string Stack { get; } = $"wst-node-{Guid.NewGuid():N}"[..16];
    public string Root { get; } = ImagesFixture.RepositoryRoot();
    public LocalEngineConnection Engine { get; } = LocalEngineConnection.Open();
    public NodeLocator Locator => new(Engine, Stack);
    readonly List<string> extraStacks = [];

    public StackLifecycle Lifecycle(string stack) =>
        new(Engine, StackConfiguration.From(stack, new Dictionary<string, string>
        {
            // The images this fixture built from this tree, not whatever localhost:5000 holds.
            ["SWARM"] = StackName.LocalSwarm, ["REGISTRY"] = ImagesFixture.Names.Registry,
            ["WAVELET_TAG"] = ImageNames.SimulatorTag, ["WAVELET_NODES"] = "3",
        }, Root), Root, PublishMode.Host);

    /// <summary>Deploys a stack as DeployStack does (deploy, seed etcd, wait healthy).</summary>
    public async Task DeployAsync(string stack, CancellationToken cancellationToken)
    {
        if (stack != Stack) extraStacks.Add(stack);
        var lifecycle = Lifecycle(stack);
        await lifecycle.DeployAsync(cancellationToken);
        await lifecycle.SeedAsync(cancellationToken);
        await WaitHealthyAsync(stack, cancellationToken);
    }

    public async Task WaitHealthyAsync(string stack, CancellationToken cancellationToken) =>
        await Lifecycle(stack).WaitHealthyAsync(TimeSpan.FromMinutes(3), cancellationToken);

    public async Task<NodeContainer> NodeAsync(string id) => await Locator.FindAsync(id, CancellationToken.None);

    public async Task InitializeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(20));
        try { await Engine.Manager.System.PingAsync(timeout.Token); }
        catch (Exception e) { throw new InvalidOperationException($"These tests need the Docker engine at {LocalEngine.Endpoint()}; start dockerd.", e); }
        await ImagesFixture.BuildOnceAsync(timeout.Token);
        await DeployAsync(Stack, timeout.Token);
    }

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
        finally { await Engine.DisposeAsync(); }
    }
}

[CollectionDefinition(Name)]
public sealed class NodeStackCollection : ICollectionFixture<NodeStackFixture>
{
    public const string Name = "node stack";
}
