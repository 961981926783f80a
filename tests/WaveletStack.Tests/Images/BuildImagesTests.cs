using Xunit;
using System.Diagnostics;
using WaveletStack.Images;
using Xunit.Abstractions;

namespace WaveletStack.Tests.Images;

[Collection(ImagesCollection.Name)]
public sealed class BuildImagesTests(ImagesFixture fixture, ITestOutputHelper output)
{
    static readonly CancellationToken Timeout = new CancellationTokenSource(TimeSpan.FromMinutes(10)).Token;

    [Fact]
    public async Task BuildImages_LeavesEveryImageLabelledWithItsInputsHash()
    {
        Assert.Equal(ImagesFixture.Names.All, fixture.FirstBuild.Select(r => r.Image));
        foreach (var image in ImagesFixture.Names.All)
        {
            var inspected = await EngineImages.TryInspectAsync(fixture.Docker, image, Timeout);
            Assert.NotNull(inspected);
            Assert.Matches("^[0-9a-f]{64}$", inspected.Label(ImageNames.InputsHashLabel));
        }
        output.WriteLine($"first BuildImages of this run: {fixture.FirstBuildTime.TotalSeconds:0.0} s");
        output.WriteLine(StackImages.Summary(fixture.FirstBuild).ToString());
    }

    [Fact]
    public async Task BuildImages_WithNothingChanged_SkipsEveryImage()
    {
        var before = await Task.WhenAll(ImagesFixture.Names.All.Select(i => EngineImages.TryInspectAsync(fixture.Docker, i, Timeout)));

        var watch = Stopwatch.StartNew();
        var again = await StackImages.BuildAsync(fixture.Docker, fixture.Root, ImagesFixture.Names, Timeout);
        output.WriteLine($"no-op BuildImages: {watch.Elapsed.TotalSeconds:0.00} s");

        Assert.All(again, r => Assert.Equal(BuildOutcome.Skipped, r.Outcome));
        var after = await Task.WhenAll(ImagesFixture.Names.All.Select(i => EngineImages.TryInspectAsync(fixture.Docker, i, Timeout)));
        Assert.Equal(before.Select(i => i!.ID), after.Select(i => i!.ID));
    }
}
