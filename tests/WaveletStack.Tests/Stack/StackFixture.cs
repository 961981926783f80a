using Docker.DotNet.Models;
using WaveletStack.Configuration;
using WaveletStack.Docker;
using WaveletStack.Stack;
using WaveletStack.Tests.Images;
using Xunit;

namespace WaveletStack.Tests.Stack;

/// <summary>
/// One stack of the real engine per test class: a unique name (wst-stack-…, on the local swarm),
/// the images built (or found unchanged) by the images fixture, and everything the stack made —
/// services, network, volumes — removed when the class is done. Fails loudly without an engine.
/// </summary>
public sealed class StackFixture : IAsyncLifetime
{
    public string Stack { get; } = $"wst-stack-{Guid.NewGuid():N}"[..18];
    public LocalEngineConnection Engine { get; } = LocalEngineConnection.Open();
    public string Root { get; } = ImagesFixture.RepositoryRoot();

    public StackConfiguration Configuration(params (string Key, string Value)[] settings)
    {
        // The images this run built from this tree (ImagesCollection), not whatever localhost:5000 holds.
        var values = new Dictionary<string, string>
        {
            ["SWARM"] = "default", ["REGISTRY"] = ImagesFixture.Names.Registry, ["WAVELET_TAG"] = "sim", ["WAVELET_NODES"] = "3",
        };
        foreach (var (key, value) in settings) values[key] = value;
        return StackConfiguration.From(Stack, values, Root);
    }

    public StackLifecycle Lifecycle(params (string Key, string Value)[] settings) =>
        new(Engine, Configuration(settings), Root, PublishMode.Host);

    /// <summary>DeployStack as the target chain runs it: render, deploy.</summary>
    public async Task<DeployReport> DeployAsync(CancellationToken cancellationToken, params (string Key, string Value)[] settings)
    {
        var lifecycle = Lifecycle(settings);
        var report = await lifecycle.DeployAsync(cancellationToken);
        return report;
    }

    public async Task<Dictionary<string, SwarmService>> ServicesAsync(CancellationToken cancellationToken) =>
        (await StackServices.ListAsync(Engine.Manager, Stack, cancellationToken)).ToDictionary(s => s.Spec.Name[(Stack.Length + 1)..]);

    public async Task InitializeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        try { await Engine.Manager.System.PingAsync(timeout.Token); }
        catch (Exception e) { throw new InvalidOperationException($"These tests need the Docker engine at {LocalEngine.Endpoint()}; start dockerd.", e); }
    }

    public async Task DisposeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        try { await Lifecycle().StopAsync(removeVolumes: true, timeout.Token); }
        finally { await Engine.DisposeAsync(); }
    }
}
