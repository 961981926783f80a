using WaveletStack.Configuration;
using WaveletStack.Tests.Configuration;
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
            await stack.Lifecycle(("WAVELET_KEYS", TestKeys.Keys(3))).RenderAsync(file, force: false, cancel.Token);
            Assert.DoesNotContain(TestKeys.Private1, await File.ReadAllTextAsync(file, cancel.Token));
            Assert.Equal(TestKeys.Keys(3), await File.ReadAllTextAsync($"{file}.wavelet_keys", cancel.Token));
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode($"{file}.wavelet_keys"));
            Assert.False(File.Exists($"{file}.wavelet_api_acme_account_key")); // no value: not written, not mounted

            await DockerCli.RunAsync(cancel.Token, "stack", "deploy", "-c", file, stack.Stack);

            var services = await stack.ServicesAsync(cancel.Token);
            Assert.Equal(["benchmark", "loadbalancer", "sync", "wavelet"], services.Keys.Order());
            Assert.Equal(3UL, services["wavelet"].Spec.Mode.Replicated.Replicas);
            Assert.Equal("{{.Service.Name}}_wavelet_db_instance_{{.Task.Slot}}",
                services["wavelet"].Spec.TaskTemplate.ContainerSpec.Mounts.Single().Source);
            Assert.All(services["loadbalancer"].Spec.EndpointSpec.Ports, p => Assert.Equal("host", p.PublishMode));
            Assert.Contains("WAVELET_NODE_ID={{.Task.Slot}}", services["wavelet"].Spec.TaskTemplate.ContainerSpec.Env);
            Assert.Equal(["wavelet_keys"], services["wavelet"].Spec.TaskTemplate.ContainerSpec.Secrets.Select(s => s.File.Name));
        }
        finally
        {
            File.Delete(file);
            File.Delete($"{file}.wavelet_keys");
        }
    }

    [Fact]
    public async Task RenderComposeOutput_IsOwnerOnly_AndReplacesAFileOnlyWithForce()
    {
        using var cancel = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var file = Path.Combine(Path.GetTempPath(), $"wst-t13-render-{Guid.NewGuid():N}.yml");
        try
        {
            await File.WriteAllTextAsync(file, "mine", cancel.Token);
            File.SetUnixFileMode(file, (UnixFileMode)0b110_100_100);
            var lifecycle = stack.Lifecycle();

            var refused = await Assert.ThrowsAsync<UserErrorException>(() => lifecycle.RenderAsync(file, force: false, cancel.Token));
            Assert.Equal($"'{file}' exists; add --force to overwrite it or choose another name.", refused.Message);
            Assert.Equal("mine", await File.ReadAllTextAsync(file, cancel.Token));

            await lifecycle.RenderAsync(file, force: true, cancel.Token);
            Assert.Contains("services:", await File.ReadAllTextAsync(file, cancel.Token));
            // The rendered file carries the stack's keys, so nobody else may read it, even where
            // the file it replaced was readable by all.
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
            Assert.Empty(Directory.GetFiles(Path.GetTempPath(), $".{Path.GetFileName(file)}.*"));
        }
        finally
        {
            File.Delete(file);
        }
    }
}
