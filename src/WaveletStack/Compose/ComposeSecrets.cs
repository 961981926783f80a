using WaveletStack.Output;

namespace WaveletStack.Compose;

/// <summary>Fills the template's secrets from the configuration (or files), and writes them beside a rendered compose file.</summary>
public static class ComposeSecrets
{
    /// <param name="baseDirectory">Where a secret's relative `file:` is read from (the template's folder).</param>
    public static void Fill(ComposeFile file, IReadOnlyDictionary<string, string> variables, string baseDirectory, string source)
    {
        foreach (var (name, secret) in file.Secrets ?? [])
        {
            var field = $"{source}: secrets.{name}";
            secret.Content = (secret.Environment, secret.File) switch
            {
                ({ } key, null) => variables.TryGetValue(key, out var value) ? value
                    : throw new UserErrorException($"{field}.environment is '{key}', which is not a configuration key; name one (`./build.sh ShowConfig` lists them)."),
                (null, { } path) => ReadFile(Path.Combine(baseDirectory, path), $"{field}.file"),
                _ => throw new UserErrorException($"{field} must set exactly one of environment (a configuration key) or file."),
            };
        }
        foreach (var (service, spec) in file.Services)
            foreach (var name in spec.Secrets ?? [])
                if (file.Secrets?.ContainsKey(name) != true)
                    throw new UserErrorException($"{source}: services.{service}.secrets names '{name}', which is not declared under the top-level secrets.");
    }

    /// <summary>
    /// For `docker stack deploy -c`, which takes secrets from files: each secret with a value is
    /// written beside <paramref name="composePath"/> (readable by you only) and the file points at
    /// it; one without a value is left out, as DeployStack leaves it out.
    /// </summary>
    /// <returns>The files written.</returns>
    public static async Task<IReadOnlyList<string>> WriteBesideAsync(ComposeFile file, string composePath, bool force, CancellationToken cancellationToken)
    {
        var all = file.Secrets ?? [];
        var empty = all.Where(s => string.IsNullOrEmpty(s.Value.Content)).Select(s => s.Key).ToHashSet();
        var written = all.Where(s => !empty.Contains(s.Key))
            .Select(s => (Secret: s.Value, Path: OutputFile.Check($"{composePath}.{s.Key}", force))).ToList(); // all checked before any is written
        foreach (var (secret, path) in written)
        {
            await OutputFile.WritePrivateAsync(path, secret.Content!, cancellationToken);
            (secret.Environment, secret.File) = (null, Path.GetFileName(path));
        }
        foreach (var name in empty) all.Remove(name);
        foreach (var service in file.Services.Values.Where(s => s.Secrets is not null))
            service.Secrets = service.Secrets!.Where(s => !empty.Contains(s)).ToList() is { Count: > 0 } kept ? kept : null;
        if (all.Count == 0) file.Secrets = null;
        return written.Select(s => s.Path).ToList();
    }

    static string ReadFile(string path, string field) =>
        File.Exists(path) ? File.ReadAllText(path)
            : throw new UserErrorException($"{field} is {path}, which does not exist; create it or point the secret at another file.");
}
