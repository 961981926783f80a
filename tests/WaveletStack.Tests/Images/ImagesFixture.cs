using Xunit;
using System.Diagnostics;
using Docker.DotNet;
using WaveletStack.Docker;
using WaveletStack.Images;

namespace WaveletStack.Tests.Images;

/// <summary>
/// Builds the stack's images once per test run on the real engine (the debootstrap base is
/// reused between runs) and keeps the timings for the tests that report them. Fails loudly
/// when no engine answers.
/// </summary>
public sealed class ImagesFixture : IAsyncLifetime
{
    // A prefix of these tests' own: other areas' tests (and the user) build the default
    // `localhost:5000/…` names on the same engine, which would make "nothing changed" untrue.
    // Kept between runs, like the base, so a second run finds them up to date. WST_TEST_IMAGES
    // gives a worktree its own prefix, so two checkouts testing different agents side by side
    // do not rebuild each other's images.
    public static readonly ImageNames Names = new(
        Environment.GetEnvironmentVariable("WST_TEST_IMAGES") is { Length: > 0 } prefix ? prefix : "wst-images-test",
        ImageNames.SimulatorTag);

    public DockerClient Docker { get; } = LocalEngine.Connect();
    public string Root { get; } = RepositoryRoot();
    public IReadOnlyList<ImageBuildResult> FirstBuild { get; private set; } = [];
    public TimeSpan FirstBuildTime { get; private set; }

    public async Task InitializeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(25));
        try
        {
            await Docker.System.PingAsync(timeout.Token);
        }
        catch (Exception e)
        {
            throw new InvalidOperationException($"These tests need a Docker engine at {LocalEngine.Endpoint()}; start dockerd.", e);
        }
        (FirstBuild, FirstBuildTime) = await BuildOnceAsync(timeout.Token);
    }

    static readonly SemaphoreSlim BuildGate = new(1, 1);
    static (IReadOnlyList<ImageBuildResult> Results, TimeSpan Time)? built;

    /// <summary>
    /// The one build of <see cref="Names"/> in this test run, shared by every fixture that deploys
    /// them: two builds of the same tags at once (xunit runs collections in parallel) rebuild
    /// each other's images, which made "nothing changed" untrue.
    /// </summary>
    public static async Task<(IReadOnlyList<ImageBuildResult> Results, TimeSpan Time)> BuildOnceAsync(CancellationToken cancellationToken)
    {
        await BuildGate.WaitAsync(cancellationToken);
        try
        {
            if (built is { } done) return done;
            using var docker = LocalEngine.Connect();
            var watch = Stopwatch.StartNew();
            var results = await StackImages.BuildAsync(docker, RepositoryRoot(), Names, cancellationToken);
            built = (results, watch.Elapsed);
            return built.Value;
        }
        finally
        {
            BuildGate.Release();
        }
    }

    public Task DisposeAsync()
    {
        Docker.Dispose();
        return Task.CompletedTask;
    }

    public static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "WaveletStack.slnx"))) return dir.FullName;
        throw new InvalidOperationException("The repository root (WaveletStack.slnx) was not found above " + AppContext.BaseDirectory);
    }
}

[CollectionDefinition(Name)]
public sealed class ImagesCollection : ICollectionFixture<ImagesFixture>
{
    public const string Name = "images";
}
