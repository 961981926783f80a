using Xunit;
using WaveletStack.Configuration;

namespace WaveletStack.Tests.Configuration;

public sealed class StackNameTests
{
    [Theory]
    [InlineData("default-local")]
    [InlineData("demoswarm-demostack")]
    [InlineData("a")]
    [InlineData("team_1-test-2")]
    [InlineData("12345678901234567890123456789012345678901234567890")]
    public void Check_WithValidDockerStackName_Accepts(string name) => Assert.Equal(name, StackName.Check(name));

    [Theory]
    [InlineData("")]
    [InlineData("Demo-stack")]
    [InlineData("-demo")]
    [InlineData("demo-")]
    [InlineData("demo.stack")]
    [InlineData("demo stack")]
    [InlineData("123456789012345678901234567890123456789012345678901")]
    public void Check_WithInvalidName_ThrowsNamingTheNameAndTheRule(string name)
    {
        var error = Assert.Throws<UserErrorException>(() => StackName.Check(name));

        Assert.Contains($"'{name}'", error.Message);
        Assert.Contains("expected", error.Message);
    }

    [Theory]
    [InlineData("demoswarm-demostack", "demoswarm")]
    [InlineData("default-local", "default")]
    [InlineData("team-a-stack", "team-a")]
    [InlineData("solo", "default")]
    public void SwarmOf_RemovesTheLastDashPart(string stack, string swarm) => Assert.Equal(swarm, StackName.SwarmOf(stack));
}
