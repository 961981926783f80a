using System.Text.RegularExpressions;
using WaveletStack.Output;
using WaveletStack.Processes;

namespace WaveletStack.Images;

/// <summary>
/// Publishes a program of this repository (the agent, the simulator) as a NativeAOT linux-x64
/// binary under artifacts/publish/, and does it again only when its sources changed: the hash
/// of the sources is kept beside the binary, so an unchanged tree costs a few file reads.
/// </summary>
public static partial class BinaryPublisher
{
    const string HashFile = ".source-hash";
    /// <summary>How long the last publish took, for the next one's estimate.</summary>
    const string SecondsFile = ".publish-seconds";
    static readonly string[] SharedBuildFiles = ["Directory.Build.props", "Directory.Packages.props", "global.json"];

    /// <summary>
    /// Several programs at once: each NativeAOT publish leaves a core idle for long stretches
    /// (restore, the IL build), so two side by side finish sooner than one after the other.
    /// </summary>
    /// <returns>The binaries' paths, in the order given.</returns>
    public static async Task<IReadOnlyList<string>> PublishAsync(string root, IEnumerable<(string Project, string AssemblyName)> programs,
        CancellationToken cancellationToken) =>
        await Task.WhenAll(programs.Select(p => PublishAsync(root, p.Project, p.AssemblyName, cancellationToken)));

    /// <summary>Returns the path of the published binary <paramref name="assemblyName"/> of src/<paramref name="project"/>.</summary>
    public static async Task<string> PublishAsync(string root, string project, string assemblyName, CancellationToken cancellationToken)
    {
        var projectFile = Path.Combine(root, "src", project, project + ".csproj");
        if (!File.Exists(projectFile))
            throw new UserErrorException($"{projectFile} is missing; run from a complete checkout of wavelet-stack.");
        var output = Path.Combine(root, "artifacts", "publish", assemblyName);
        var binary = Path.Combine(output, assemblyName);
        var sourceHash = SourceHash(root, projectFile);
        if (IsCurrent(output, binary, sourceHash)) return binary;

        using var _ = await MachineLock.AcquireAsync("wavelet-stack-publish-" + assemblyName, TimeSpan.FromMinutes(15), cancellationToken);
        if (IsCurrent(output, binary, sourceHash)) return binary;

        Directory.CreateDirectory(output);
        File.Delete(Path.Combine(output, HashFile));
        Ui.Info($"Publishing {assemblyName} (NativeAOT, linux-x64; {Estimate(output)})…");
        var started = DateTime.UtcNow;
        var result = await ExternalProcess.RunAsync("dotnet",
            ["publish", projectFile, "-c", "Release", "-r", "linux-x64", "-o", output, "--nologo", "-v", "quiet"],
            root, TimeSpan.FromMinutes(15), null, cancellationToken);
        if (result.ExitCode != 0 || !File.Exists(binary))
        {
            throw new UserErrorException(
                $"Publishing {project} failed (exit {result.ExitCode}):{Environment.NewLine}{result.Tail()}{Environment.NewLine}" +
                $"Fix the errors above (`dotnet publish src/{project} -c Release -r linux-x64` shows them too) and run BuildImages again.");
        }
        await File.WriteAllTextAsync(Path.Combine(output, HashFile), sourceHash, cancellationToken);
        var seconds = (DateTime.UtcNow - started).TotalSeconds;
        await File.WriteAllTextAsync(Path.Combine(output, SecondsFile), $"{seconds:0}", cancellationToken);
        Ui.Info($"Published {assemblyName} in {seconds:0} s ({new FileInfo(binary).Length / 1048576.0:0.0} MiB)");
        return binary;
    }

    static string Estimate(string output) =>
        File.Exists(Path.Combine(output, SecondsFile)) && int.TryParse(File.ReadAllText(Path.Combine(output, SecondsFile)), out var seconds)
            ? $"about {seconds} s, as last time" : "a minute or so on 2 cores the first time";

    static bool IsCurrent(string output, string binary, string sourceHash) =>
        File.Exists(binary) && File.Exists(Path.Combine(output, HashFile))
        && File.ReadAllText(Path.Combine(output, HashFile)) == sourceHash;

    /// <summary>The project's folder, the folders of projects it references, and the shared build files.</summary>
    public static string SourceHash(string root, string projectFile)
    {
        var hash = new InputsHash();
        foreach (var name in SharedBuildFiles.Where(n => File.Exists(Path.Combine(root, n))))
            hash.AddFile(name, Path.Combine(root, name));
        foreach (var folder in ProjectFolders(projectFile, []))
            hash.Add("project", Path.GetRelativePath(root, folder)).AddFolder(folder);
        return hash.Finish();
    }

    static IEnumerable<string> ProjectFolders(string projectFile, HashSet<string> seen)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(projectFile))!;
        if (!seen.Add(folder)) yield break;
        yield return folder;
        foreach (Match reference in ProjectReference().Matches(File.ReadAllText(projectFile)))
        {
            var referenced = Path.GetFullPath(Path.Combine(folder, reference.Groups[1].Value.Replace('\\', '/')));
            if (File.Exists(referenced))
                foreach (var inner in ProjectFolders(referenced, seen)) yield return inner;
        }
    }

    [GeneratedRegex("""<ProjectReference\s+Include="([^"]+)""")]
    private static partial Regex ProjectReference();
}
