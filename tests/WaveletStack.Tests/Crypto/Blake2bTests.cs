using Xunit;
using System.Text;
using WaveletStack.Crypto;

namespace WaveletStack.Tests.Crypto;

public class Blake2bTests
{
    [Fact]
    public void Hash512_OfAbc_IsRfc7693AppendixA() =>
        Assert.Equal(
            "ba80a53f981c4d0d6a2797b69f12f6e94c212f14685ac4b74b12bb6fdbffa2d17d87c5392aab792dc252d5de4533cc9518d38aa8dbf1925ab92386edd4009923",
            Convert.ToHexStringLower(Blake2b.Hash("abc"u8)));

    [Fact]
    public void Hash512_OfNothing_IsTheKnownEmptyDigest() =>
        Assert.Equal(
            "786a02f742015903c6c6fd852552d272912f4740e15847618a86e217f71f5419d25e1031afee585313896444934eb04b903a685b1448b755d56f701afe9be2ce",
            Convert.ToHexStringLower(Blake2b.Hash([])));

    // Expected values from coreutils: `head -c N /dev/zero | tr '\0' a | b2sum -l 256`; the lengths
    // straddle the 128-byte block so the last-block handling is exercised.
    [Theory]
    [InlineData(0, "0e5751c026e543b2e8ab2eb06099daa1d1e5df47778f7787faab45cdf12fe3a8")]
    [InlineData(3, "c8ed3cbe4acb99aeb94515ad89a6228f3f5d8f82dec429df135adafcea639416")]
    [InlineData(127, "59e2f1aba240f20aa591016f5ef429990bc9c2131dcd0d30f0ffd75ed18f317d")]
    [InlineData(128, "ae2aa48507885c4c950fb809b2076f959cde9f8ea6da260d9a3587df33dac450")]
    [InlineData(129, "2f64744a6de0d2c0b56e64cf6e29a5aaa255010d415d51c75ccc82f73dccd865")]
    [InlineData(256, "eae4d3a7627549b383179dc18049964f91a6fed14c9f3fb26705eda3eeda5558")]
    [InlineData(1000, "e00b0ddbf1e2cdaf5c898e1a5e8826ea3a2c339bcf2a478da2e5fca9ff126672")]
    public void Hash256_MatchesB2sum(int length, string expected) =>
        Assert.Equal(expected, Convert.ToHexStringLower(Blake2b.Hash(Encoding.ASCII.GetBytes(new string('a', length)), 32)));

    [Theory]
    [InlineData(0)]
    [InlineData(65)]
    public void Hash_RefusesOutputLengthsOutsideOneTo64(int length) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => Blake2b.Hash("x"u8, length));
}
