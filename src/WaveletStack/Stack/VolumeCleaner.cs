using WaveletStack.Docker;
using WaveletStack.Output;

namespace WaveletStack.Stack;

/// <summary>
/// CleanVolumes: removes a stopped stack's database volumes on every host. Destroys data, so
/// it needs --force, and it refuses while the stack runs (its nodes hold those volumes).
/// </summary>
public sealed class VolumeCleaner(IEngineConnection engine, string stack)
{
    public async Task<int> CleanAsync(bool force, CancellationToken cancellationToken)
    {
        var volumes = new StackVolumes(engine, stack);
        var found = await volumes.ListAsync(cancellationToken);
        if (found.Count == 0)
        {
            Ui.Info($"Stack {stack} has no volumes.");
            return 0;
        }
        if (!force)
            throw new UserErrorException(
                $"CleanVolumes deletes the databases of stack '{stack}' ({found.Count} volume{(found.Count == 1 ? "" : "s")}: " +
                $"{string.Join(", ", found.Select(v => v.Name))}); run it again with --force to do so.");
        if ((await StackServices.ListAsync(engine.Manager, stack, cancellationToken)).Count > 0)
            throw new UserErrorException(
                $"Stack '{stack}' is running and uses its volumes; stop it first with `./build.sh StopStack --stack {stack}`.");
        return await volumes.RemoveAllAsync(cancellationToken);
    }
}
