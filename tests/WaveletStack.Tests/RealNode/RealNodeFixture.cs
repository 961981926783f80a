using WaveletStack.Images;
using WaveletStack.Tests.Images;
using WaveletStack.Tests.Node;
using Xunit;

namespace WaveletStack.Tests.RealNode;

/// <summary>
/// A stack of five REAL Wavelet nodes (the upstream programs, not the simulator) with the default
/// keys: `wst-images-test/wavelet:real` built from the programs as BuildWavelet does for a
/// WAVELET_BUILD_DIR that holds them, and the node image on top.
/// </summary>
public sealed class RealNodeFixture() : DeployedStackFixture("wst-real", Tag, 5)
{
    public const string Tag = "real";
    public static readonly ImageNames Names = new(ImagesFixture.Names.Registry, Tag);
    public string Binaries { get; } = RealWaveletBinaries.Folder();

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
