using WaveletStack.Configuration;
using WaveletStack.Docker;
using WaveletStack.Images;
using WaveletStack.Output;
using WaveletStack.Targets;

/// <summary>
/// Images: BaseImage → BuildWavelet → BuildImages → PushImages (+ EnsureRegistry). Images are
/// always built on this machine's engine; a remote swarm's hosts pull them from REGISTRY.
/// </summary>
partial class Build
{
    [Parameter("PushImages: push even when the stack runs on this machine's engine, which needs no push")]
    readonly bool PushLocal;

    Target BaseImage => _ => _
        .Description("The Debian base of every image: a pulled debian:bookworm, else one made here once with debootstrap")
        .DependsOn(EnsureEngine)
        .Executes(async () => await WaveletStack.Images.BaseImage.EnsureAsync(LocalImagesEngine, CancellationToken));

    Target BuildWavelet => _ => _
        .Description("Build <REGISTRY>/wavelet:<WAVELET_TAG> from WAVELET_BUILD_DIR: `make docker` in a checkout, or its two programs `wavelet` and `benchmark` (only when set, or with WAVELET_REBUILD_ON_START)")
        .DependsOn(EnsureEngine, BaseImage)
        .OnlyWhenStatic(() => WaveletBuildDirOrRebuildIsSet)
        .Executes(() => WaveletBuild.RunAsync(ImagesConfiguration.BuildDir, StackImageNames, LocalImagesEngine, RootDirectory, CancellationToken));

    Target BuildImages => _ => _
        .Description("Build the simulator, node, load-balancer and sync images; each only when its inputs changed")
        .DependsOn(EnsureEngine, BaseImage, BuildWavelet)
        .Executes(async () => Ui.Info(StackImages.Summary(
            await StackImages.BuildAsync(LocalImagesEngine, RootDirectory, StackImageNames, CancellationToken)).ToString()));

    Target EnsureRegistry => _ => _
        .Description("When REGISTRY is localhost:<port> and nothing answers there, run a local registry on 127.0.0.1:<port>")
        .DependsOn(EnsureEngine)
        .Executes(() => LocalRegistry.EnsureAsync(LocalImagesEngine, RootDirectory, StackImageNames.Registry, CancellationToken));

    Target PushImages => _ => _
        .Description("Push the stack's images to REGISTRY with your `docker login` (not needed on this machine's own engine; --push-local)")
        .DependsOn(EnsureEngine, BuildImages, EnsureRegistry)
        .OnlyWhenStatic(() => StackIsOnAnotherEngineOrPushLocal)
        .Executes(() => ImagePusher.PushAsync(LocalImagesEngine, StackImageNames, CancellationToken));

    // Named so that the summary's "condition false: …" reads as the reason.
    bool WaveletBuildDirOrRebuildIsSet => WaveletBuild.IsWanted(ImagesConfiguration.BuildDir, ImagesConfiguration.RebuildOnStart);
    bool StackIsOnAnotherEngineOrPushLocal => ImagePusher.IsNeeded(ImagesConfiguration.IsLocal, PushLocal);

    ImageNames StackImageNames => new(ImagesConfiguration.Registry, ImagesConfiguration.Tag) { WithMetrics = ImagesConfiguration.Metrics };

    // Every layer, the remote swarm's copy included (a WAVELET_TAG set there names the images);
    // waited on synchronously because target conditions are.
    StackConfiguration ImagesConfiguration => LoadStackConfigurationAsync().GetAwaiter().GetResult();

    string StackSwarm => StackConfigurationLoader.ResolveSwarm(RootDirectory, StackName.Check(Stack), StackConfigurationLoader.ProcessEnvironment());

    // Images are built where the sources are: this machine's engine, whatever swarm the stack is on.
    global::Docker.DotNet.DockerClient LocalImagesEngine => localImagesEngine ??= LocalEngine.Connect();
    global::Docker.DotNet.DockerClient? localImagesEngine;
}
