using Xunit;
using WaveletStack.Configuration;

namespace WaveletStack.Tests.Configuration;

public sealed class KeyValueFileTests
{
    [Fact]
    public void Parse_OriginalsFormat_ReadsValuesSkippingCommentsAndBlanks()
    {
        var file = KeyValueFile.Parse("""
            # stack settings
            export REGISTRY=perlin

            WAVELET_TAG="v0.3.0"   # pinned
            WAVELET_KEYS='aa bb,cc dd'
            WAVELET_GENESIS="{\"k\": \"\$x\"}"
            WAVELET_NODES=3
            WAVELET_NODES=4
            EMPTY=
            NOTED=   # empty, then a note
            HASH=a#b
            """, "test");

        Assert.Empty(file.Problems);
        Assert.Equal(new Dictionary<string, string>
        {
            ["REGISTRY"] = "perlin", ["WAVELET_TAG"] = "v0.3.0", ["WAVELET_KEYS"] = "aa bb,cc dd",
            ["WAVELET_GENESIS"] = "{\"k\": \"$x\"}", ["WAVELET_NODES"] = "4", ["EMPTY"] = "", ["NOTED"] = "", ["HASH"] = "a#b",
        }, file.Values);
    }

    [Fact]
    public void Parse_QuotedValueSpanningLines_KeepsTheNewlines()
    {
        var file = KeyValueFile.Parse("A=1\nWAVELET_API_ACME_ACCOUNT_KEY=\"-----BEGIN K-----\nabc\n-----END K-----\"\nB=2\n", "test");

        Assert.Empty(file.Problems);
        Assert.Equal("-----BEGIN K-----\nabc\n-----END K-----", file.Values["WAVELET_API_ACME_ACCOUNT_KEY"]);
        Assert.Equal([1, 2, 5], file.Settings.Select(s => s.Line));
    }

    [Fact]
    public void Parse_IsDataNeverExecuted()
    {
        var file = KeyValueFile.Parse("A=$(touch /tmp/wst-config-pwned)\nB=`id`\n", "test");

        Assert.Equal("$(touch", file.Values["A"][..7]);
        Assert.False(File.Exists("/tmp/wst-config-pwned"));
    }

    [Theory]
    [InlineData("A=1 2\n", "test line 1: A has text after its value ('2'); put values containing blanks in quotes.")]
    [InlineData("A='open\n", "test line 1: A has no closing '; close the quote.")]
    [InlineData("x\nnot valid line\n", "test line 1 is not a KEY=VALUE line; expected a name, '=' and a value (quote values that span lines).")]
    [InlineData("WAVELET_KEYS=secret1 secret2\n", "test line 1: WAVELET_KEYS has text after its value; put values containing blanks in quotes.")]
    public void Parse_MalformedLine_ReportsSourceAndLine(string text, string message)
    {
        var file = KeyValueFile.Parse(text, "test");

        Assert.Equal(message, file.Problems[0].Message);
    }

    [Fact]
    public void WithAndWithout_KeepCommentsOrderAndOtherLines()
    {
        var file = KeyValueFile.Parse("# head\nexport A=1\n\n# about B\nB=2\nA=3\nC=4 # trailing\n", "test");

        var edited = file.With("A", "x y").Without("C").With("D", "it's");

        Assert.Equal("# head\nexport A='x y'\n\n# about B\nB=2\nD=\"it's\"\n", edited.ToString());
        Assert.Equal("# head\nexport A=1\n\n# about B\nB=2\nA=3\nC=4 # trailing\n", file.ToString());
    }

    [Theory]
    [InlineData("plain")]
    [InlineData("")]
    [InlineData("with space")]
    [InlineData("it's \"quoted\" $HOME `x` \\ end")]
    [InlineData("-----BEGIN K-----\nline\n-----END K-----")]
    public void Format_ThenParse_GivesTheSameValueBack(string value)
    {
        var file = KeyValueFile.Parse(KeyValueFile.Format("K", value) + "\n", "test");

        Assert.Empty(file.Problems);
        Assert.Equal(value, file.Values["K"]);
    }
}
