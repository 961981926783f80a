using Xunit;
using Docker.DotNet.Models;
using WaveletStack.Docker;

namespace WaveletStack.Tests.Swarm;

/// <summary>The base image the local hosts are built on; the test fails loudly when it is missing.</summary>
static class TestBaseImage
{
    public const string Name = "wst-swarm-base:bookworm";

    public static async Task EnsureAsync(CancellationToken cancellationToken)
    {
        using var docker = LocalEngine.Connect();
        var found = await docker.Images.ListImagesAsync(new ImagesListParameters
        {
            Filters = new Dictionary<string, IDictionary<string, bool>> { ["reference"] = new Dictionary<string, bool> { [Name] = true } },
        }, cancellationToken);
        Assert.True(found.Count > 0, $"{Name} is missing");
    }
}
