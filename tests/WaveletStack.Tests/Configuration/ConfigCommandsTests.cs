using Xunit;
using WaveletStack.Configuration;
using WaveletStack.Output;

namespace WaveletStack.Tests.Configuration;

/// <summary>Swaps the shared console writers, so runs alone.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ConsoleOutputCollection
{
    public const string Name = "Console output";
}

[Collection(ConsoleOutputCollection.Name)]
public sealed class ConfigCommandsTests : IDisposable
{
    readonly TempRepo repo = new TempRepo().With("stacks/demo-x", "WAVELET_NODES=2\nWAVELET_NODE=4\n");
    readonly TextWriter savedOut = Ui.Out, savedError = Ui.Error;
    readonly StringWriter output = new(), errors = new();

    public ConfigCommandsTests()
    {
        Ui.Out = output;
        Ui.Error = errors;
    }

    ConfigCommands Commands(Dictionary<string, string>? environment = null) =>
        new(repo.Root, "demo-x", environment ?? new Dictionary<string, string>(), _ => null);

    [Fact]
    public async Task ShowConfig_PrintsOnlyKeyValueLinesOnStandardOutputAndWarningsOnStandardError()
    {
        await Commands(new Dictionary<string, string> { ["WAVELET_TAG"] = "v9" }).ShowAsync(origin: false, reveal: false, CancellationToken.None);

        var shown = KeyValueFile.Parse(output.ToString(), "output");
        Assert.Empty(shown.Problems);
        Assert.Equal(ConfigKeys.All.Count, shown.Values.Count);
        Assert.Equal(("2", "v9"), (shown.Values["WAVELET_NODES"], shown.Values["WAVELET_TAG"]));
        Assert.Contains("warning: stacks/demo-x line 2: unknown key WAVELET_NODE is ignored; did you mean WAVELET_NODES?", errors.ToString());
    }

    [Fact]
    public async Task SetConfig_WithNothingToSet_IsRefusedWithWhatToPass()
    {
        var error = await Assert.ThrowsAsync<UserErrorException>(() => Commands().SetAsync([], [], CancellationToken.None));

        Assert.Contains("--set KEY=VALUE or --unset KEY", error.Message);
    }

    [Fact]
    public async Task SetConfig_SaysWhereItWroteAndWhatChanged()
    {
        await Commands().SetAsync(["WAVELET_TAG=v2"], ["WAVELET_NODE"], CancellationToken.None);

        Assert.Contains("Wrote stacks/demo-x: WAVELET_TAG, -WAVELET_NODE", output.ToString());
    }

    public void Dispose()
    {
        Ui.Out = savedOut;
        Ui.Error = savedError;
        repo.Dispose();
    }
}
