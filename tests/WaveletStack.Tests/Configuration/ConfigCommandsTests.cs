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
        var error = await Assert.ThrowsAsync<UserErrorException>(() => Commands().SetAsync([], [], [], CancellationToken.None));

        Assert.Contains("--set KEY=VALUE, --set-file KEY=FILE or --unset KEY", error.Message);
    }

    [Fact]
    public async Task SetConfig_SaysWhereItWroteAndWhatChanged()
    {
        await Commands().SetAsync(["WAVELET_TAG=v2"], [], ["WAVELET_NODE"], CancellationToken.None);

        Assert.Contains("Wrote stacks/demo-x: WAVELET_TAG, -WAVELET_NODE", output.ToString());
    }

    static string Pem()
    {
        using var key = System.Security.Cryptography.ECDsa.Create();
        return key.ExportECPrivateKeyPem();
    }

    string StackFile => Path.Combine(repo.Root, "stacks", "demo-x");

    [Fact]
    public async Task SetConfig_SetFile_TakesTheSecretFromAFile_WithoutAWarning_AndKeepsTheFileOwnerOnly()
    {
        var pem = Pem();
        var keyFile = Path.Combine(repo.Root, "acme.pem");
        await File.WriteAllTextAsync(keyFile, pem + "\n");

        await Commands().SetAsync([], [$"WAVELET_API_ACME_ACCOUNT_KEY={keyFile}"], [], CancellationToken.None);

        Assert.Equal(pem, KeyValueFile.Parse(await File.ReadAllTextAsync(StackFile), "f").Values["WAVELET_API_ACME_ACCOUNT_KEY"]);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(StackFile));
        Assert.DoesNotContain("given on the command line", errors.ToString());
        Assert.DoesNotContain("PRIVATE KEY", output.ToString() + errors);
    }

    [Fact]
    public async Task SetConfig_SetFileDash_ReadsStandardInput()
    {
        var pem = Pem();
        await (Commands() with { StandardInput = () => new StringReader(pem) })
            .SetAsync([], ["WAVELET_API_ACME_ACCOUNT_KEY=-"], [], CancellationToken.None);

        Assert.Equal(pem, KeyValueFile.Parse(await File.ReadAllTextAsync(StackFile), "f").Values["WAVELET_API_ACME_ACCOUNT_KEY"]);
    }

    [Fact]
    public async Task SetConfig_SecretOnTheCommandLine_IsWrittenWithAWarningThatDoesNotShowIt()
    {
        var pem = Pem();
        await Commands().SetAsync([$"WAVELET_API_ACME_ACCOUNT_KEY={pem}"], [], [], CancellationToken.None);

        Assert.Contains("warning: WAVELET_API_ACME_ACCOUNT_KEY was given on the command line, where `ps` and your shell's history keep it; " +
                        "use --set-file WAVELET_API_ACME_ACCOUNT_KEY=<file>", errors.ToString());
        Assert.DoesNotContain("PRIVATE KEY", output.ToString() + errors);
    }

    [Theory]
    [InlineData("WAVELET_KEYS", "--set-file 'WAVELET_KEYS' is not KEY=FILE")]
    [InlineData("WAVELET_KEYS=/nonexistent/keys.csv", "--set-file WAVELET_KEYS=/nonexistent/keys.csv: no such file")]
    public async Task SetConfig_BadSetFile_IsRefusedAndNothingIsWritten(string setFile, string message)
    {
        var before = await File.ReadAllTextAsync(StackFile);
        var error = await Assert.ThrowsAsync<UserErrorException>(() => Commands().SetAsync(["WAVELET_TAG=v3"], [setFile], [], CancellationToken.None));
        Assert.StartsWith(message, error.Message);
        Assert.Equal(before, await File.ReadAllTextAsync(StackFile));
    }

    public void Dispose()
    {
        Ui.Out = savedOut;
        Ui.Error = savedError;
        repo.Dispose();
    }
}
