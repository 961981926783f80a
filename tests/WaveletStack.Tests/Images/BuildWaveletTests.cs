using Docker.DotNet.Models;
using WaveletStack.Images;
using Xunit;

namespace WaveletStack.Tests.Images;

[Collection(ImagesCollection.Name)]
public sealed class BuildWaveletTests(ImagesFixture fixture) : IDisposable
{
    static readonly CancellationToken Timeout = new CancellationTokenSource(TimeSpan.FromMinutes(10)).Token;
    readonly string checkout = Directory.CreateTempSubdirectory("wst-images-wavelet-checkout-").FullName;
    readonly ImageNames names = new("wst-images-test", "standin-" + Guid.NewGuid().ToString("N")[..8]);

    /// <summary>
    /// A STAND-IN for a Wavelet checkout: its Makefile's `docker` target builds `$(R)/wavelet:$(T)`
    /// as the real one does, but from the project's simulator image instead of Go sources.
    /// </summary>
    void WriteStandInCheckout(string dockerRecipe)
    {
        File.WriteAllText(Path.Combine(checkout, "Makefile"),
            "# STAND-IN Wavelet checkout made by BuildWaveletTests\ndocker:\n" + dockerRecipe);
        File.WriteAllText(Path.Combine(checkout, "Dockerfile"),
            $"FROM {ImagesFixture.Names.Simulator}\nLABEL org.wavelet-stack.test=stand-in-wavelet-checkout\n");
    }

    [Fact]
    public async Task BuildWavelet_InACheckout_RunsMakeDockerAndLeavesTheWaveletImage()
    {
        WriteStandInCheckout("\tdocker build -q -t wavelet:$(T) .\n\tdocker tag wavelet:$(T) $(R)/wavelet:$(T)\n");

        await WaveletBuild.RunAsync(checkout, names, fixture.Docker, fixture.Root, Timeout);

        var image = await EngineImages.TryInspectAsync(fixture.Docker, names.Wavelet, Timeout);
        Assert.NotNull(image);
        Assert.Equal("stand-in-wavelet-checkout", image.Label("org.wavelet-stack.test"));
    }

    [Fact]
    public async Task BuildWavelet_WhenMakeFails_SaysWhichCommandFailedWhere()
    {
        WriteStandInCheckout("\t@echo compiling wavelet\n\t@echo 'main.go:1: syntax error' >&2; exit 2\n");
        var error = await Assert.ThrowsAsync<UserErrorException>(() => WaveletBuild.RunAsync(checkout, names, fixture.Docker, fixture.Root, Timeout));
        Assert.Contains($"make docker R={names.Registry} T={names.Tag}` in {checkout} failed", error.Message);
    }

    [Fact]
    public async Task BuildWavelet_WithAMissingDirectory_NamesTheSetting()
    {
        var missing = Path.Combine(checkout, "nowhere");
        var error = await Assert.ThrowsAsync<UserErrorException>(() => WaveletBuild.RunAsync(missing, names, fixture.Docker, fixture.Root, Timeout));
        Assert.Contains($"WAVELET_BUILD_DIR='{missing}' does not exist", error.Message);
    }

    [Fact]
    public async Task BuildWavelet_WithNeitherAMakefileNorBothPrograms_SaysWhatIsMissing()
    {
        File.WriteAllText(Path.Combine(checkout, "wavelet"), "");
        var error = await Assert.ThrowsAsync<UserErrorException>(() => WaveletBuild.RunAsync(checkout, names, fixture.Docker, fixture.Root, Timeout));
        Assert.Contains("has neither a Makefile nor the programs `wavelet` and `benchmark` (missing: benchmark)", error.Message);
    }

    [Fact]
    public async Task BuildWavelet_FromAFolderWithTheTwoPrograms_LaysThemOutAsUpstreamsImage()
    {
        // STAND-IN programs: /bin/echo under both names (the real ones are tried by RealNodeTests).
        foreach (var program in WaveletBuild.Programs) File.Copy("/bin/echo", Path.Combine(checkout, program));

        await WaveletBuild.RunAsync(checkout, names, fixture.Docker, fixture.Root, Timeout);

        var image = await EngineImages.TryInspectAsync(fixture.Docker, names.Wavelet, Timeout);
        Assert.NotNull(image);
        Assert.Equal(["/wavelet"], image.Config.Entrypoint);
        Assert.Equal("binaries from WAVELET_BUILD_DIR", image.Label("org.wavelet-stack.wavelet-source"));
        await WaveletBuild.RunAsync(checkout, names, fixture.Docker, fixture.Root, Timeout); // unchanged programs: skipped
        Assert.Equal(image.ID, (await EngineImages.TryInspectAsync(fixture.Docker, names.Wavelet, Timeout))!.ID);
    }

    [Fact]
    public async Task BuildWavelet_WithoutMake_SaysToInstallIt()
    {
        WriteStandInCheckout("\ttrue\n");
        var error = await Assert.ThrowsAsync<UserErrorException>(() => WaveletBuild.RunAsync(checkout, names, fixture.Docker, fixture.Root, Timeout, make: "wst-no-such-make"));
        Assert.Contains("`wst-no-such-make` was not found on PATH", error.Message);
    }

    [Fact]
    public async Task BuildWavelet_AskedToRebuildWithoutADirectory_NamesBothSettings()
    {
        Assert.True(WaveletBuild.IsWanted(null, rebuildOnStart: true));
        Assert.False(WaveletBuild.IsWanted(null, rebuildOnStart: false));
        var error = await Assert.ThrowsAsync<UserErrorException>(() => WaveletBuild.RunAsync(null, names, fixture.Docker, fixture.Root, Timeout));
        Assert.Contains("WAVELET_BUILD_DIR is not set", error.Message);
    }

    public void Dispose()
    {
        Directory.Delete(checkout, recursive: true);
        foreach (var image in new[] { names.Wavelet, "wavelet:" + names.Tag })
            try { fixture.Docker.Images.DeleteImageAsync(image, new ImageDeleteParameters(), CancellationToken.None).GetAwaiter().GetResult(); }
            catch (global::Docker.DotNet.DockerImageNotFoundException) { }
    }
}
