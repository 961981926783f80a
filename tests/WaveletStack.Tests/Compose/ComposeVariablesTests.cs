using Xunit;
using WaveletStack.Compose;

namespace WaveletStack.Tests.Compose;

public class ComposeVariablesTests
{
    static readonly Dictionary<string, string> Vars = new() { ["SET"] = "value", ["EMPTY"] = "" };

    [Theory]
    [InlineData("${SET}", "value")]
    [InlineData("$SET/x", "value/x")]
    [InlineData("${UNSET-fallback}", "fallback")]
    [InlineData("${EMPTY-fallback}", "")]
    [InlineData("${EMPTY:-fallback}", "fallback")]
    [InlineData("${UNSET}", "")]
    [InlineData("cost $$5", "cost $5")]
    [InlineData("{{.Task.Slot}}", "{{.Task.Slot}}")]
    [InlineData("a-${SET-x}-b", "a-value-b")]
    public void Substitute_FollowsComposeRules(string text, string expected) =>
        Assert.Equal(expected, ComposeVariables.Substitute(text, Vars));

    [Fact]
    public void Substitute_WithUnclosedBrace_NamesTheText()
    {
        var error = Assert.Throws<UserErrorException>(() => ComposeVariables.Substitute("x ${SET", Vars));
        Assert.Contains("x ${SET", error.Message);
    }
}
