using Xunit;
using WaveletStack.Compose;

namespace WaveletStack.Tests.Compose;

public class ComposeYamlTests
{
    const string Template = """
        version: "3.7"
        services:
          web:
            image: "${REGISTRY-localhost:5000}/web:${TAG-latest}"
            environment:
              - KEY=${KEY}
              - SLOT={{.Task.Slot}}
            deploy:
              replicas: ${N-3}
        """;

    [Fact]
    public void Parse_SubstitutesAfterParsing_SoValuesWithYamlSyntaxStayIntact()
    {
        var pem = "-----BEGIN KEY-----\nab: \"cd\" # not a comment\n-----END KEY-----";
        var file = ComposeYaml.Parse(Template, new Dictionary<string, string> { ["KEY"] = pem, ["N"] = "5" }, "t.yml");

        var web = file.Services["web"];
        Assert.Equal("localhost:5000/web:latest", web.Image);
        Assert.Equal(["KEY=" + pem, "SLOT={{.Task.Slot}}"], web.Environment);
        Assert.Equal(5, web.Deploy!.Replicas);
    }

    [Fact]
    public void Write_ThenParse_GivesBackTheSameValues_WithDollarsEscapedForTheDockerCli()
    {
        var file = ComposeYaml.Parse(Template, new Dictionary<string, string> { ["KEY"] = "pa$word" }, "t.yml");
        Assert.Equal("KEY=pa$word", file.Services["web"].Environment![0]);

        var written = ComposeYaml.Write(file);
        Assert.Contains("pa$$word", written);
        Assert.Contains("version: \"3.7\"", written);
        var again = ComposeYaml.Parse(written, new Dictionary<string, string>(), "written.yml");
        Assert.Equal(file.Services["web"].Environment, again.Services["web"].Environment);
        Assert.Equal(3, again.Services["web"].Deploy!.Replicas);
    }

    [Fact]
    public void Parse_WithBrokenYaml_SaysWhichFileAndLine()
    {
        var error = Assert.Throws<UserErrorException>(() =>
            ComposeYaml.Parse("services:\n  web: [\n", new Dictionary<string, string>(), "broken.yml"));
        Assert.Contains("broken.yml", error.Message);
        Assert.Contains("line", error.Message);
    }

    [Theory]
    [InlineData("1s", 1000)]
    [InlineData("500ms", 500)]
    [InlineData("1m30s", 90000)]
    [InlineData("0s", 0)]
    public void Duration_ReadsGoSyntax(string text, int milliseconds) =>
        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), ComposeDuration.Parse(text, "interval"));

    [Fact]
    public void Duration_WithoutUnit_IsRefusedNamingTheField()
    {
        var error = Assert.Throws<UserErrorException>(() => ComposeDuration.Parse("30", "healthcheck.interval"));
        Assert.Contains("healthcheck.interval", error.Message);
    }
}
