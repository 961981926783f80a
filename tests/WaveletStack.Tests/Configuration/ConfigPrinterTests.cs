using Xunit;
using WaveletStack.Configuration;

namespace WaveletStack.Tests.Configuration;

public sealed class ConfigPrinterTests : IDisposable
{
    readonly TempRepo repo = new TempRepo()
        .With("config/stacks/demo-x", $"WAVELET_KEYS=\"{TestKeys.Pair1},{TestKeys.Pair2}\"\nWAVELET_API_ACME_ACCOUNT_KEY=\"{TestKeys.Pem}\"\nWAVELET_API_HOST=api.example.com\nWAVELET_NODES=2\nWAVELET_SNOWBALL_K=1\n");

    LoadedConfiguration Load(Dictionary<string, string>? environment = null) =>
        StackConfigurationLoader.Load(repo.Root, "demo-x", environment ?? new Dictionary<string, string>());

    [Fact]
    public void Render_PrintsEveryKeySortedWithSecretsMasked()
    {
        var text = ConfigPrinter.Render(Load());

        var lines = text.TrimEnd('\n').Split('\n');
        Assert.Equal(ConfigKeys.All.Count, lines.Length);
        Assert.Equal(lines.Order(StringComparer.Ordinal), lines);
        Assert.Contains("WAVELET_KEYS=********", lines);
        Assert.Contains("WAVELET_API_ACME_ACCOUNT_KEY=********", lines);
        Assert.Contains("WAVELET_NODES=2", lines);
        Assert.Contains("SWARM=demo", lines);
        Assert.DoesNotContain(TestKeys.Private1, text);
        Assert.DoesNotContain("MHcCAQEEIBx", text);
    }

    [Fact]
    public void Render_WithReveal_PrintsSecretsAndLoadsBackToTheSameConfiguration()
    {
        var text = ConfigPrinter.Render(Load(), reveal: true);
        Assert.Contains(TestKeys.Private1, text);

        repo.With("stacks/copy-x", text);
        var copy = StackConfigurationLoader.Load(repo.Root, "copy-x", new Dictionary<string, string>());

        Assert.Equal(Load().Configuration.Values.Where(v => v.Key != "SWARM"), copy.Configuration.Values.Where(v => v.Key != "SWARM"));
        Assert.Equal([], copy.Warnings.Select(w => w.Message));
    }

    [Fact]
    public void Render_WithOrigin_NamesTheLayerOfEachValueAndStaysLoadable()
    {
        var text = ConfigPrinter.Render(Load(new Dictionary<string, string> { ["WAVELET_TAG"] = "v0.3.0" }), origin: true);

        Assert.Contains("WAVELET_NODES=2  # config/stacks/demo-x\n", text);
        Assert.Contains("WAVELET_TAG=v0.3.0  # environment\n", text);
        Assert.Contains("REGISTRY=localhost:5000  # built-in default\n", text);
        Assert.Contains("SWARM=demo  # derived from the stack name\n", text);
        Assert.Equal([], KeyValueFile.Parse(text, "output").Problems.Select(p => p.Message));
    }

    [Fact]
    public void Catalogue_ListsEveryKeyWithItsDefault()
    {
        var markdown = ConfigPrinter.Catalogue(markdown: true);
        var plain = ConfigPrinter.Catalogue(markdown: false);

        foreach (var key in ConfigKeys.All)
        {
            Assert.Contains($"| `{key.Name}` |", markdown);
            Assert.Contains(key.Name, plain);
        }
        Assert.Contains("| `WAVELET_SNOWBALL_BETA` | `25` |", markdown);
    }

    [Fact]
    public void ReadmeConfigurationTable_IsTheCatalogue_SoTheDocsListEveryKeyAsTheCodeDefinesIt()
    {
        var readme = File.ReadAllText(Path.Combine(WaveletStack.Tests.Images.ImagesFixture.RepositoryRoot(), "README.md")).ReplaceLineEndings("\n");
        Assert.Contains(ConfigPrinter.Catalogue(markdown: true), readme);
    }

    public void Dispose() => repo.Dispose();
}
