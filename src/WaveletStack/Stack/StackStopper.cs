using Docker.DotNet;
using Docker.DotNet.Models;
using WaveletStack.Docker;
using WaveletStack.Output;
using WaveletStack.Compose;

namespace WaveletStack.Stack;

/// <summary>
/// StopStack: removes the stack's services and network (as `docker stack rm`) and waits until
/// every container is gone from every host, so a deploy or a volume removal right after works.
/// Volumes are only removed when asked (WAVELET_CLEAN_VOLUMES, ResetStack --hard).
/// </summary>
public sealed class StackStopper(IEngineConnection engine, string stack)
{
    public async Task StopAsync(bool removeVolumes, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            var manager = engine.Manager;
            var services = await StackServices.ListAsync(manager, stack, deadline.Token);
            if (services.Count == 0) Ui.Info($"Stack {stack} is not running.");
            foreach (var service in services)
            {
                Ui.Info($"Removing service {service.Spec.Name}");
                await manager.Swarm.RemoveServiceAsync(service.ID, deadline.Token);
            }
            await WaitForContainersGoneAsync(deadline.Token);
            await RemoveNetworkAsync(deadline.Token);
            await StackSecrets.RemoveUnusedAsync(manager, stack, deadline.Token); // no service left: every one of them
            Ui.EndProgress();
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new UserErrorException(
                $"Stack '{stack}' did not stop within {timeout.TotalSeconds:0} s; run StopStack again, or see `docker stack ps {stack}`.");
        }
        if (removeVolumes) await new StackVolumes(engine, stack).RemoveAllAsync(cancellationToken);
    }

    async Task WaitForContainersGoneAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var left = 0;
            foreach (var node in await engine.Manager.Swarm.ListNodesAsync(cancellationToken))
            {
                if (node.Status?.State != "ready") continue;
                var host = await engine.ForSwarmNodeAsync(node.ID, cancellationToken);
                left += (await host.Containers.ListContainersAsync(new ContainersListParameters
                {
                    All = true,
                    Filters = new Dictionary<string, IDictionary<string, bool>>
                    {
                        ["label"] = new Dictionary<string, bool> { [$"{StackNaming.NamespaceLabel}={stack}"] = true },
                    },
                }, cancellationToken)).Count;
            }
            if (left == 0) return;
            Ui.Progress($"Waiting for {left} container{(left == 1 ? "" : "s")} of {stack} to stop…");
            await Task.Delay(250, cancellationToken);
        }
    }

    async Task RemoveNetworkAsync(CancellationToken cancellationToken)
    {
        // The network frees its endpoints a moment after the last container: retry until it goes.
        while (await StackNetwork.FindAsync(engine.Manager, stack, cancellationToken) is { } network)
        {
            try
            {
                await engine.Manager.Networks.DeleteNetworkAsync(network.ID, cancellationToken);
                Ui.Info($"Removed network {network.Name}");
            }
            catch (DockerApiException e) when (e.StatusCode is System.Net.HttpStatusCode.Forbidden or System.Net.HttpStatusCode.Conflict
                                                   or System.Net.HttpStatusCode.InternalServerError)
            {
                await Task.Delay(250, cancellationToken);
            }
            catch (DockerNetworkNotFoundException)
            {
                return;
            }
        }
    }
}
