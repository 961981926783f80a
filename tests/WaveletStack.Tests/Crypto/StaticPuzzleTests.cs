using Xunit;
using WaveletStack.Crypto;

namespace WaveletStack.Tests.Crypto;

public class StaticPuzzleTests
{
    // Checked against the real node (v0.2.1-testing, f59047e): it starts with the first key and
    // refuses the second (node 5 of the old 64 default keys) with exactly this reason.
    const string Passing = "9f1f2cd6e0f9eeb69b9530bf53265f51537b43d390842b3af02c7483d5e3c128";
    const string Failing = "00cfa30d79de3e9302b4fa526ed58f75d9bf7748809f8b684dab61140784575c";

    [Fact]
    public void KeyTheRealNodeAccepts_Passes()
    {
        Assert.True(StaticPuzzle.Passes(Passing));
        Assert.Null(StaticPuzzle.Failure(Convert.FromHexString(Passing)));
    }

    [Fact]
    public void KeyTheRealNodeRefuses_FailsWithTheNodesReason()
    {
        Assert.False(StaticPuzzle.Passes(Failing));
        Assert.Equal(
            "the wallet specified is invalid: keys are invalid: failed to pass static puzzle as prefix length of checksum is 0, yet c1 is 1",
            StaticPuzzle.Failure(Convert.FromHexString(Failing)));
    }

    [Fact]
    public void PrefixLength_CountsLeadingZeroBitsOfTheDoubleHashOfRawBytes()
    {
        // b2sum -l 256 twice over the raw bytes of Passing gives 2e…: 0b0010_1110, two zero bits.
        Assert.Equal(2, StaticPuzzle.PrefixLength(Convert.FromHexString(Passing)));
        Assert.Equal(0, StaticPuzzle.PrefixLength(Convert.FromHexString(Failing)));
    }

    [Theory]
    [InlineData("")]
    [InlineData("zz1f2cd6e0f9eeb69b9530bf53265f51537b43d390842b3af02c7483d5e3c128")]
    [InlineData("9f1f2cd6e0f9eeb69b9530bf53265f51537b43d390842b3af02c7483d5e3c1")]
    public void NotAPublicKey_DoesNotPass(string hex) => Assert.False(StaticPuzzle.Passes(hex));
}
