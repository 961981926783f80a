using WaveletStack.Output;
using WaveletStack.Providers;
using WaveletStack.Swarm;

namespace WaveletStack.Provisioning;

/// <summary>
/// DestroySwarm: shows everything that will be deleted; deletes only with --force (or, at a
/// terminal, after the swarm's name is typed back).
/// </summary>
public sealed class SwarmDestroyer(SwarmStore store, Func<string, HostRequest, IHostProvider> providers)
{
    public SwarmDestroyer(SwarmStore store) : this(store, HostProviders.Get) { }

    public async Task DestroyAsync(HostRequest request, bool force, Func<string?>? askName, CancellationToken cancellationToken)
    {
        var state = store.Load(request.Swarm);
        var provider = providers(state.Record.Provider, request);
        var resources = provider.DescribeResources(state).Append($"the local state {state.Folder} (key, hosts, host keys)").ToList();
        Ui.Info($"DestroySwarm will delete swarm '{state.Name}' ({provider.Name}):");
        foreach (var line in resources) Ui.Info($"  - {line}");

        if (!force)
        {
            if (askName is null)
                throw new UserErrorException($"Refusing to destroy swarm '{state.Name}' without --force; run `./build.sh DestroySwarm --swarm {state.Name} --force` to delete all of the above.");
            Ui.Info($"Type the swarm's name ({state.Name}) to delete it, anything else to keep it:");
            if (askName()?.Trim() != state.Name)
                throw new UserErrorException($"The name typed was not '{state.Name}'; nothing was deleted.");
        }

        await provider.DeleteAsync(state, cancellationToken);
        store.Delete(state.Name);
        Ui.Success($"Swarm '{state.Name}' destroyed.");
    }
}
