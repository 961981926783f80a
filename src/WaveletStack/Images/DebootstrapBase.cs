using System.Security.Cryptography;
using System.Text;
using Docker.DotNet;
using Docker.DotNet.Models;
using WaveletStack.Output;
using WaveletStack.Processes;

namespace WaveletStack.Images;

/// <summary>
/// Makes `wavelet-stack-base:bookworm` where no registry can be pulled from: a minimal Debian
/// root made by debootstrap, imported through the Engine API, labelled with its recipe's hash
/// so that it is made again only when the recipe changes.
/// </summary>
public static class DebootstrapBase
{
    public const string Name = "wavelet-stack-base:bookworm";
    public const string RecipeLabel = "org.wavelet-stack.recipe-hash";
    const string Suite = "bookworm";
    const string Mirror = "http://deb.debian.org/debian";

    static readonly string[] DebootstrapArguments = ["--variant=minbase", Suite];

    /// <summary>Apt's package caches and lists are dropped: every Dockerfile runs apt-get update.</summary>
    static readonly string[] Removed = ["var/cache/apt/archives", "var/lib/apt/lists", "var/log"];

    static readonly string[] ImportChanges = ["CMD [\"bash\"]", "ENV LANG=C.UTF-8"];

    public static string RecipeHash { get; } = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\n',
        ["debootstrap", .. DebootstrapArguments, Mirror, "rm", .. Removed, "changes", .. ImportChanges]))));

    /// <summary>Makes and imports the base; returns its image id.</summary>
    public static async Task<string> MakeAsync(IDockerClient docker, CancellationToken cancellationToken)
    {
        var debootstrap = await EnsureDebootstrapAsync(cancellationToken);
        var root = Directory.CreateTempSubdirectory("wavelet-stack-base-").FullName;
        try
        {
            var result = await ExternalProcess.RunAsync(debootstrap, [.. DebootstrapArguments, root, Mirror], "/",
                TimeSpan.FromMinutes(20),
                Ui.IsInteractive ? line => Ui.Progress("Base image: debootstrap: " + Shorten(line)) : null, cancellationToken);
            if (result.ExitCode != 0)
                throw new UserErrorException(
                    $"debootstrap of Debian {Suite} from {Mirror} failed (exit {result.ExitCode}):{Environment.NewLine}{result.Tail()}{Environment.NewLine}" +
                    "Check that the mirror answers and that this runs as root, then run BaseImage again.");
            foreach (var path in Removed)
            {
                var full = Path.Combine(root, path);
                if (!Directory.Exists(full)) continue;
                foreach (var entry in new DirectoryInfo(full).EnumerateFileSystemInfos("*", SearchOption.TopDirectoryOnly))
                {
                    if (entry is DirectoryInfo dir && dir.Name != "partial") dir.Delete(recursive: true);
                    else if (entry is FileInfo file) file.Delete();
                }
            }
            Ui.Progress($"Base image: importing {Name}…");
            return await ImportAsync(docker, root, cancellationToken);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    static async Task<string> ImportAsync(IDockerClient docker, string root, CancellationToken cancellationToken)
    {
        // tar keeps device nodes, hard links and owners exactly, which System.Formats.Tar does not all do.
        var (repository, tag) = EngineImages.SplitTag(Name);
        string? failure = null;
        var (exitCode, errors) = await ExternalProcess.StreamOutputAsync("tar", ["-C", root, "--numeric-owner", "-c", "."], output =>
            docker.Images.CreateImageAsync(
                new ImagesCreateParameters
                {
                    FromSrc = "-", Repo = repository, Tag = tag,
                    Changes = [.. ImportChanges, $"LABEL {RecipeLabel}={RecipeHash}"],
                    Message = $"debootstrap --variant=minbase {Suite} {Mirror}",
                },
                output, null,
                new SynchronousProgress<JSONMessage>(m => failure ??= m.Error?.Message ?? NullIfEmpty(m.ErrorMessage)),
                cancellationToken), cancellationToken);
        if (exitCode != 0 || failure is not null)
            throw new UserErrorException($"Importing the debootstrap root as {Name} failed: {failure ?? errors}. Run BaseImage again.");
        var image = await EngineImages.TryInspectAsync(docker, Name, cancellationToken)
            ?? throw new UserErrorException($"The engine did not keep the imported {Name}; run BaseImage again.");
        return image.ID;
    }

    static string? FindDebootstrap() =>
        ExternalProcess.FindOnPath("debootstrap") ?? (File.Exists("/usr/sbin/debootstrap") ? "/usr/sbin/debootstrap" : null);

    static async Task<string> EnsureDebootstrapAsync(CancellationToken cancellationToken)
    {
        if (FindDebootstrap() is { } found) return found;
        if (ExternalProcess.FindOnPath("apt-get") is null)
            throw new UserErrorException("No base image can be pulled and debootstrap is missing; install debootstrap (Debian/Ubuntu: apt-get install debootstrap) or make debian:bookworm pullable.");
        Ui.Progress("Base image: installing debootstrap…");
        var result = await ExternalProcess.RunAsync("apt-get", ["install", "-y", "debootstrap"], "/", TimeSpan.FromMinutes(10), null, cancellationToken);
        if (result.ExitCode != 0)
            throw new UserErrorException($"Installing debootstrap failed (run as root?):{Environment.NewLine}{result.Tail()}");
        return FindDebootstrap() ?? throw new UserErrorException("apt-get installed debootstrap but it is not on PATH; add /usr/sbin to PATH.");
    }

    static string Shorten(string line) => line.Length > 100 ? line[..100] + "…" : line;
    static string? NullIfEmpty(string? text) => string.IsNullOrEmpty(text) ? null : text;
}
