using WaveletStack.Crypto;
using WaveletStack.Tests.Configuration;
using Xunit;

namespace WaveletStack.Tests.Crypto;

/// <summary>The node image's well-known keys must all be keys the real node starts with.</summary>
public class DefaultKeysTests
{
    [Fact]
    public void DefaultKeys_Are256WellFormedPairs()
    {
        var pairs = TestKeys.Defaults;

        Assert.Equal(256, pairs.Count);
        Assert.All(pairs, p =>
        {
            Assert.Matches("^[0-9a-f]{128}$", p.Private);
            Assert.Equal(p.Private[64..], p.Public);
        });
        Assert.Equal(pairs.Count, pairs.Select(p => p.Public).Distinct().Count());
    }

    [Fact]
    public void DefaultKeys_AllPassTheStaticPuzzle()
    {
        var failing = TestKeys.Defaults.Select((p, i) => (Node: i + 1, p.Public)).Where(k => !StaticPuzzle.Passes(k.Public)).ToList();

        Assert.True(failing.Count == 0, "nodes whose default key fails the puzzle: " + string.Join(", ", failing.Select(f => f.Node)));
    }

    [Fact]
    public void DefaultKeysFile_SaysWhatTheKeysAreFor()
    {
        var comments = string.Join("\n", File.ReadLines(TestKeys.DefaultKeysPath).TakeWhile(l => l.StartsWith('#')));

        Assert.Contains("PUBLIC and INSECURE", comments);
        Assert.Contains("test networks only", comments);
        Assert.Contains("static puzzle", comments);
    }
}
