using WaveletStack.Assertions;
using Xunit;

namespace WaveletStack.Tests.Assertions;

public sealed class AssertionParserTests
{
    [Theory]
    [InlineData("height >= 50 on all", "height >= 50 on all")]
    [InlineData("height >= 50", "height >= 50 on all")] // a node clause without 'on' is about every node
    [InlineData("peers >= 2 on 1..5", "peers >= 2 on 1..5")]
    [InlineData("PEERS>=2 ON 3", "peers >= 2 on 3")]
    [InlineData("height > 0 on any", "height > 0 on any")]
    [InlineData("accepted_tps > 500", "accepted_tps > 500")]
    [InlineData("query_latency_ms < 2.5", "query_latency_ms < 2.5")]
    [InlineData("node 3 is down", "node 3 is down")]
    [InlineData("node 1 is up and api serving", "node 1 is up and api serving")]
    [InlineData("healthy and height != 0 and peers == 2 on 2..2 and height <= 9 and height = 4",
        "healthy and height != 0 on all and peers == 2 on 2 and height <= 9 on all and height == 4 on all")]
    public void GoodExpressions_ParseAndReadBack(string expression, string readBack)
    {
        Assert.Equal(readBack, AssertionParser.Parse(expression).ToString());
    }

    [Fact]
    public void ARange_KeepsBothEnds()
    {
        var condition = Assert.IsType<NodeMetricCondition>(Assert.Single(AssertionParser.Parse("peers >= 2 on 1..5").Conditions));
        Assert.Equal((NodeMetric.Peers, Comparison.AtLeast, 2.0, 1, 5),
            (condition.Metric, condition.Comparison, condition.Value, condition.Nodes.From, condition.Nodes.To));
    }

    [Theory]
    [InlineData("height on all", 8, "expected a comparison")]
    [InlineData("height >= fifty", 11, "expected a number after '>='")]
    [InlineData("hight >= 50", 1, "expected a clause")]
    [InlineData("height >= 50 on", 16, "expected 'all', 'any', a node number N or a range N..M")]
    [InlineData("height >= 50 on 0", 17, "nodes are numbered from 1")]
    [InlineData("peers >= 2 on 5..1", 15, "the range 5..1 is empty")]
    [InlineData("peers >= 2 on 1..", 18, "the last node of the range")]
    [InlineData("node 3 is sleeping", 11, "expected 'up' or 'down'")]
    [InlineData("node x is up", 6, "expected a node number")]
    [InlineData("api", 4, "expected 'serving'")]
    [InlineData("healthy or api serving", 9, "expected 'and' between two clauses")]
    [InlineData("height >= 50 and", 17, "expected a clause")]
    [InlineData("accepted_tps > 500 on 1", 20, "leave out 'on")]
    [InlineData("height >= 5 ; api serving", 13, "';' is not part of the language")]
    [InlineData("   ", 1, "the expression is empty")]
    public void BadExpressions_PointAtTheColumnAndListTheLanguage(string expression, int column, string problem)
    {
        var error = Assert.Throws<AssertionSyntaxException>(() => AssertionParser.Parse(expression));
        Assert.Equal(column, error.Column);
        Assert.Contains($"column {column}: ", error.Message);
        Assert.Contains(problem, error.Message);
        // The caret sits under that column of the expression as printed (both indented by two).
        var lines = error.Message.Split('\n');
        Assert.Equal("  " + expression, lines[1]);
        Assert.Equal(column + 2, lines[2].IndexOf('^') + 1);
        Assert.Contains("Allowed clauses", error.Message);
        Assert.Contains("node N is up|down", error.Message);
    }

    [Theory]
    [InlineData("0s", null, "--within 0s is not valid")]
    [InlineData(null, "0s", "--for 0s is not valid")]
    public void WithinAndFor_MustBePositive(string? within, string? holdFor, string message)
    {
        TimeSpan? Parse(string? s) => s is null ? null : TimeSpan.FromSeconds(double.Parse(s.TrimEnd('s')));
        var error = Assert.Throws<UserErrorException>(() => AssertOptions.Create("healthy", Parse(within), Parse(holdFor), 3));
        Assert.Contains(message, error.Message);
    }

    [Fact]
    public void ARangeBeyondTheStack_IsRefusedBeforeTheStackIsAsked()
    {
        var error = Assert.Throws<UserErrorException>(() => AssertOptions.Create("peers >= 2 on 1..5", null, null, 3));
        Assert.Contains("names node 5, but the stack has 3 nodes", error.Message);
        Assert.NotNull(AssertOptions.Create("peers >= 2 on 1..3", TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(5), 3));
    }

    [Fact]
    public void NoExpression_SaysHowToGiveOne()
    {
        var error = Assert.Throws<UserErrorException>(() => AssertOptions.Create(null, null, null, 3));
        Assert.Contains("Assert needs --that", error.Message);
    }
}
