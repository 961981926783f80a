using WaveletStack.Configuration;
using WaveletStack.Docker;
using WaveletStack.Output;
using WaveletStack.Targets;

partial class Build
{
    Target EnsureEngine => _ => _
        .Description("Connect to the Docker engine (DOCKER_HOST or the local socket) and print its version")
        .Executes(async () =>
        {
            using var client = LocalEngine.Connect();
            Ui.Info((await EngineCheck.VersionAsync(client, LocalEngine.Endpoint(), CancellationToken)).ToString());
        });

    Target EnsureSwarm => _ => _
        .Description("Make the local engine a single-node swarm when it is in none; print how ports will be published")
        .DependsOn(EnsureEngine)
        .Executes(async () =>
        {
            using var client = LocalEngine.Connect();
            Ui.Info((await LocalSwarm.EnsureAsync(client, CancellationToken)).ToString());
            // A remote stack's decision comes from its manager (RenderCompose prints it).
            if (StackName.IsLocalSwarm(StackSwarm))
                Ui.Info(PublishModeDetector.ForLocalEngine((await LoadStackConfigurationAsync()).PublishMode).ToString());
        });
}
