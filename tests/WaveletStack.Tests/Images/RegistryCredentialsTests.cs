using System.Text;
using System.Text.Json;
using WaveletStack.Images;
using Xunit;

namespace WaveletStack.Tests.Images;

public sealed class RegistryCredentialsTests : IDisposable
{
    readonly string config = Path.Combine(Directory.CreateTempSubdirectory("wst-images-creds-").FullName, "config.json");

    [Fact]
    public void Header_ForALoggedInRegistry_IsBase64UrlJsonWithTheUserAndPassword()
    {
        // This password makes standard base64 contain '+' and '/', which the engine cannot read.
        const string password = "a>>>b???c~~~";
        var auth = Convert.ToBase64String(Encoding.UTF8.GetBytes("alice:" + password));
        File.WriteAllText(config, """{"auths":{"registry.example:5000":{"auth":"AUTH"}}}""".Replace("AUTH", auth));

        var header = RegistryCredentials.Header("registry.example:5000", config);

        Assert.DoesNotContain('+', header);
        Assert.DoesNotContain('/', header);
        var json = JsonDocument.Parse(Convert.FromBase64String(header.Replace('-', '+').Replace('_', '/'))).RootElement;
        Assert.Equal("alice", json.GetProperty("username").GetString());
        Assert.Equal(password, json.GetProperty("password").GetString());
        Assert.Equal("registry.example:5000", json.GetProperty("serveraddress").GetString());
    }

    [Fact]
    public void Header_ForARegistryWithoutLogin_CarriesNoCredentials()
    {
        File.WriteAllText(config, """{"auths":{"other.example":{"auth":"Ym9iOnNlY3JldA=="}}}""");
        var json = JsonDocument.Parse(Convert.FromBase64String(RegistryCredentials.Header("localhost:5000", config))).RootElement;
        Assert.False(json.TryGetProperty("username", out _));
        Assert.Equal("localhost:5000", json.GetProperty("serveraddress").GetString());
    }

    [Theory]
    [InlineData("localhost:5000", "localhost:5000")]
    [InlineData("registry.example/team", "registry.example")]
    [InlineData("perlin", "https://index.docker.io/v1/")]
    public void ServerOf_MapsAnImagePrefixToItsRegistryHost(string registry, string server) =>
        Assert.Equal(server, RegistryCredentials.ServerOf(registry));

    [Theory]
    [InlineData("localhost:5000", 5000)]
    [InlineData("127.0.0.1:5123", 5123)]
    [InlineData("registry.example:5000", null)]
    [InlineData("perlin", null)]
    public void LocalPort_IsKnownOnlyForThisMachine(string registry, int? port) =>
        Assert.Equal(port, LocalRegistry.LocalPort(registry));

    public void Dispose() => Directory.Delete(Path.GetDirectoryName(config)!, recursive: true);
}
