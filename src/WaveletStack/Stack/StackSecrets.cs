using System.Security.Cryptography;
using System.Text;
using Docker.DotNet;
using Docker.DotNet.Models;
using WaveletStack.Compose;

namespace WaveletStack.Stack;

/// <summary>
/// The stack's swarm secrets. A swarm secret cannot change, so each is named after a hash of its
/// value: a new value is a new secret (and an update of the services that use it), the same
/// value is the same secret (and no update). Secrets no service uses any more are removed.
/// </summary>
public static class StackSecrets
{
    /// <summary>Which template secret a swarm secret holds (its name is the stack and a hash).</summary>
    public const string KeyLabel = "com.wavelet-stack.secret";

    /// <summary>Creates what is missing; returns, per template secret with a value, how services mount it.</summary>
    public static async Task<IReadOnlyDictionary<string, SecretReference>> EnsureAsync(IDockerClient manager, string stack, ComposeFile file,
        CancellationToken cancellationToken)
    {
        var existing = (await ListAsync(manager, stack, cancellationToken)).ToDictionary(s => s.Spec.Name, s => s.ID);
        var references = new Dictionary<string, SecretReference>();
        foreach (var (key, secret) in file.Secrets ?? [])
        {
            if (string.IsNullOrEmpty(secret.Content)) continue; // nothing to keep secret: the services go without it
            var name = Name(stack, key, secret.Content);
            if (!existing.TryGetValue(name, out var id))
            {
                id = (await manager.Secrets.CreateAsync(new SecretSpec
                {
                    Name = name,
                    Labels = StackNaming.Labels(stack, new Dictionary<string, string> { [KeyLabel] = key }),
                    Data = Encoding.UTF8.GetBytes(secret.Content),
                }, cancellationToken)).ID;
            }
            references[key] = new SecretReference
            {
                SecretID = id,
                SecretName = name,
                File = new SecretReferenceFileTarget { Name = key, UID = "0", GID = "0", Mode = Convert.ToUInt32("400", 8) },
            };
        }
        return references;
    }

    /// <summary>Removes the stack's secrets that no service of the stack mounts (all of them once its services are gone).</summary>
    public static async Task<int> RemoveUnusedAsync(IDockerClient manager, string stack, CancellationToken cancellationToken)
    {
        var used = (await StackServices.ListAsync(manager, stack, cancellationToken))
            .SelectMany(s => s.Spec.TaskTemplate?.ContainerSpec?.Secrets ?? []).Select(r => r.SecretID).ToHashSet();
        var removed = 0;
        foreach (var secret in await ListAsync(manager, stack, cancellationToken))
        {
            if (used.Contains(secret.ID)) continue;
            try { await manager.Secrets.DeleteAsync(secret.ID, cancellationToken); removed++; }
            catch (DockerApiException) { } // another deploy of the stack took it up meanwhile, or it is gone
        }
        return removed;
    }

    static async Task<IEnumerable<Secret>> ListAsync(IDockerClient manager, string stack, CancellationToken cancellationToken) =>
        (await manager.Secrets.ListAsync(cancellationToken)).Where(s => s.Spec.Labels is { } labels && labels.TryGetValue(StackNaming.NamespaceLabel, out var owner) && owner == stack);

    /// <summary>At most 50 + 13 characters (the stack name's limit), under swarm's 64.</summary>
    static string Name(string stack, string key, string content) =>
        $"{stack}_{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{key}\n{content}")))[..12]}";
}
