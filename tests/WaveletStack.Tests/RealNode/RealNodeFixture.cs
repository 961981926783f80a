using WaveletStack.Benchmark;
using WaveletStack.Images;
using WaveletStack.Tests.Images;
using WaveletStack.Tests.Node;
using Xunit;

namespace WaveletStack.Tests.RealNode;

/// <summary>
/// A stack of five REAL Wavelet nodes (the upstream programs, not the simulator) with the default
/// keys: `wst-images-test/wavelet:real` built from the programs as BuildWavelet does for a
/// WAVELET_BUILD_DIR that holds them, and the node image on top. Once healthy, the fresh network
/// runs `Benchmark --count 1 --duration 20` (a test checks its figures), which also gives the
/// database tests blocks to compare.
/// </summary>
public sealed class RealNodeFixture() : DeployedStackFixture("wst-real", Tag, 5)
{
    public const string Tag = "real";
    public static readonly ImageNames Names = new(ImagesFixture.Names.Registry, Tag);
    public string Binaries { get; } = RealWaveletBinaries.Folder();
    public string BenchmarkFolder { get; } = Directory.CreateTempSubdirectory("wst-real-bench-").FullName;
    public (BenchmarkResults Results, BenchmarkFiles Files) FirstBenchmark { get; private set; }

    protected override async Task AfterDeployAsync(CancellationToken cancellationToken) =>
        FirstBenchmark = await new BenchmarkRun(Locator).RunAsync(new BenchmarkOptions(Count: 1, DurationSeconds: 20, OutputFolder: BenchmarkFolder), cancellationToken);

    protected override void AfterDispose() => Directory.Delete(BenchmarkFolder, recursive: true);

    protected override async Task PrepareImagesAsync(CancellationToken cancellationToken)
    {
        Console.WriteLine(RealWaveletBinaries.Describe(Binaries));
        await ImagesFixture.BuildOnceAsync(cancellationToken); // the simulator, load balancer and sync, once per run
        using var docker = LocalEngine();
        await WaveletBuild.RunAsync(Binaries, Names, docker, Root, cancellationToken);
        await StackImages.BuildAsync(docker, Root, Names, cancellationToken);
    }

    static global::Docker.DotNet.DockerClient LocalEngine() => WaveletStack.Docker.LocalEngine.Connect();
}

[CollectionDefinition(Name)]
public sealed class RealNodeCollection : ICollectionFixture<RealNodeFixture>
{
    public const string Name = "real node";
}
