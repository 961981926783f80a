using WaveletStack.Configuration;
using WaveletStack.Tests.Images;
using Xunit;

namespace WaveletStack.Tests.Stack;

/// <summary>RenderCompose's file is a compose file the real `docker stack deploy` accepts and runs.</summary>
[Collection(ImagesCollection.Name)]
public sealed class RenderComposeTests(StackFixture stack) : IClassFixture<StackFixture>
{
    [Fact]
    public async Task RenderComposeOutput_DeploysWithDockerStackDeploy()
    {
        using var cancel = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var file = Path.Combine(Path.GetTempPath(), $"{stack.Stack}.yml");
        try
        {
            await stack.Lifecycle().RenderAsync(file, cancel.Token);

            await DockerCli.RunAsync(cancel.Token, "stack", "deploy", "-c", file, stack.Stack);

            var services = await stack.ServicesAsync(cancel.Token);
            Assert.Equal(["benchmark", "loadbalancer", "sync", "wavelet"], services.Keys.Order());
            Assert.Equal(3UL, services["wavelet"].Spec.Mode.Replicated.Replicas);
            Assert.Equal("{{.Service.Name}}_wavelet_db_instance_{{.Task.Slot}}",
                services["wavelet"].Spec.TaskTemplate.ContainerSpec.Mounts.Single().Source);
            Assert.All(services["loadbalancer"].Spec.EndpointSpec.Ports, p => Assert.Equal("host", p.PublishMode));
            Assert.Contains("WAVELET_NODE_ID={{.Task.Slot}}", services["wavelet"].Spec.TaskTemplate.ContainerSpec.Env);
        }
        finally
        {
            File.Delete(file);
        }
    }
}
