using WaveletStack.Agent.Identity;
using WaveletStack.Agent.Settings;

namespace WaveletStack.Agent.Tests.Identity;

public class KeyListTests
{
    static readonly string Private1 = new('a', 128), Public1 = new('b', 64);
    static readonly string Private2 = new('c', 128), Public2 = new('d', 64);

    [Fact]
    public void ForNode_PicksTheEntryOfTheNodesSlot()
    {
        var keys = KeyList.Parse($"{Private1} {Public1},{Private2} {Public2}", "WAVELET_KEYS");

        Assert.Equal(new WalletKey(Private2, Public2), keys.ForNode(2));
        Assert.Equal(new WalletKey(Private1, Public1), keys.ForNode(1));
    }

    [Fact]
    public void Parse_AcceptsNewLinesAndUpperCaseHex()
    {
        var keys = KeyList.Parse($"{Private1.ToUpperInvariant()} {Public1}\n{Private2} {Public2}\n", "default-keys.csv");

        Assert.Equal(2, keys.Keys.Count);
        Assert.Equal(Private1, keys.ForNode(1).PrivateHex);
    }

    [Fact]
    public void ForNode_BeyondTheList_NamesTheVariableAndTheMissingEntry()
    {
        var keys = KeyList.Parse($"{Private1} {Public1}", "WAVELET_KEYS");

        var error = Assert.Throws<ConfigurationException>(() => keys.ForNode(3));
        Assert.Equal("WAVELET_KEYS", error.Variable);
        Assert.Contains("node 3 needs entry 3", error.Message);
    }

    [Theory]
    [InlineData("abc def", "entry 1 has a private key of 3 characters")]
    [InlineData("onlyonefield", "entry 1 has 1 fields")]
    public void Parse_WithMalformedEntry_NamesTheVariableAndTheFault(string csv, string expected)
    {
        var error = Assert.Throws<ConfigurationException>(() => KeyList.Parse(csv, "WAVELET_KEYS"));

        Assert.StartsWith("WAVELET_KEYS: ", error.Message);
        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void Parse_WithPublicKeyNotHex_IsRefusedWithoutPrintingThePrivateKey()
    {
        var error = Assert.Throws<ConfigurationException>(() => KeyList.Parse($"{Private1} {new string('z', 64)}", "WAVELET_KEYS"));

        Assert.Contains("public key", error.Message);
        Assert.DoesNotContain(Private1, error.Message);
    }

    [Fact]
    public void Load_WithoutWaveletKeys_ReadsTheImagesDefaultKeys()
    {
        var root = Directory.CreateTempSubdirectory("wst-agent-keys-").FullName;
        try
        {
            var paths = new AgentPaths(root);
            Directory.CreateDirectory(Path.GetDirectoryName(paths.DefaultKeys)!);
            File.WriteAllText(paths.DefaultKeys, $"# Well-known keys, insecure, comments, with commas\n{Private1} {Public1}\n{Private2} {Public2}\n");

            var keys = KeyList.Load(new Env(new Dictionary<string, string>()), paths);

            Assert.Equal(Public2, keys.ForNode(2).PublicHex);
            Assert.Equal(paths.DefaultKeys, keys.Source);
        }
        finally { Directory.Delete(root, true); }
    }

    [Fact]
    public void WalletKey_ToString_DoesNotShowThePrivateKey() =>
        Assert.DoesNotContain(Private1, new WalletKey(Private1, Public1).ToString());
}
