using System.Text.RegularExpressions;
using WaveletStack.Output;

namespace WaveletStack.Swarm;

/// <summary>
/// The swarms known on this machine: one state folder each under
/// `$WAVELET_STACK_HOME/swarms/` (default `~/.wavelet-stack/swarms/`).
/// </summary>
public sealed partial class SwarmStore(string home)
{
    public static SwarmStore Default(IReadOnlyDictionary<string, string?>? environment = null)
    {
        var configured = environment is null ? Environment.GetEnvironmentVariable("WAVELET_STACK_HOME")
            : environment.GetValueOrDefault("WAVELET_STACK_HOME");
        var home = string.IsNullOrWhiteSpace(configured)
            ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".wavelet-stack")
            : configured;
        return new SwarmStore(home);
    }

    public string Home => home;
    public string SwarmsFolder => Path.Combine(home, "swarms");
    public string FolderOf(string swarm) => Path.Combine(SwarmsFolder, swarm);

    public bool Exists(string swarm) => File.Exists(Path.Combine(FolderOf(swarm), SwarmState.RecordFile));

    public SwarmState Load(string swarm)
    {
        ValidateName(swarm);
        if (!Exists(swarm))
            throw new UserErrorException(
                $"Swarm '{swarm}' is not known on this machine; create it with `CreateSwarm --swarm {swarm}` or import it with `ImportSwarm --ip <address of one of its hosts>`.");
        return SwarmState.Load(FolderOf(swarm));
    }

    public SwarmState Create(SwarmRecord record)
    {
        ValidateName(record.Name);
        if (Exists(record.Name))
            throw new UserErrorException(
                $"Swarm '{record.Name}' already exists ({FolderOf(record.Name)}); choose another --swarm name, or remove it first with `DestroySwarm --swarm {record.Name} --force`.");
        PrivateFiles.CreateFolder(home);
        PrivateFiles.CreateFolder(SwarmsFolder);
        return SwarmState.Create(FolderOf(record.Name), record);
    }

    /// <summary>Installs a state folder fetched from a host (ImportSwarm), replacing an older copy.</summary>
    public SwarmState Install(string swarm, IReadOnlyDictionary<string, byte[]> files)
    {
        ValidateName(swarm);
        PrivateFiles.CreateFolder(home);
        PrivateFiles.CreateFolder(SwarmsFolder);
        var folder = FolderOf(swarm);
        PrivateFiles.CreateFolder(folder);
        foreach (var (name, content) in files) PrivateFiles.Write(Path.Combine(folder, name), content);
        return SwarmState.Load(folder);
    }

    public void Delete(string swarm)
    {
        var folder = FolderOf(swarm);
        if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
    }

    public IReadOnlyList<SwarmRecord> List()
    {
        if (!Directory.Exists(SwarmsFolder)) return [];
        return Directory.GetDirectories(SwarmsFolder)
            .Where(d => File.Exists(Path.Combine(d, SwarmState.RecordFile)))
            .Select(d => SwarmState.Load(d).Record)
            .OrderBy(r => r.Name, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>Swarm names become host names and container names: a DNS label, lower case.</summary>
    public static void ValidateName(string swarm)
    {
        if (string.IsNullOrWhiteSpace(swarm))
            throw new UserErrorException("No swarm named; pass --swarm <name> (lower-case letters, digits and dashes).");
        if (swarm == Docker.LocalEngineConnection.SwarmName)
            throw new UserErrorException("Swarm 'default' is this machine's own engine and cannot be created, imported or destroyed; choose another --swarm name.");
        if (!NamePattern().IsMatch(swarm))
            throw new UserErrorException(
                $"Swarm name '{swarm}' is not allowed; use 1 to 40 lower-case letters, digits and dashes, starting with a letter (for example demoswarm).");
    }

    [GeneratedRegex("^[a-z][a-z0-9-]{0,39}$")]
    private static partial Regex NamePattern();
}
