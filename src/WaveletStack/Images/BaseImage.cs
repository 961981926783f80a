using Docker.DotNet;
using WaveletStack.Output;

namespace WaveletStack.Images;

/// <summary>The Debian image every image of the stack starts from, and how it was had.</summary>
public sealed record BaseImageChoice(string Name, string Id, string How);

/// <summary>
/// Picks the base image: a pulled `debian:bookworm` when a registry answers (users with Docker
/// Hub never pay for debootstrap), else `wavelet-stack-base:bookworm` made here once with
/// debootstrap and reused while its recipe is unchanged.
/// </summary>
public static class BaseImage
{
    public const string Pulled = "debian:bookworm";
    static readonly TimeSpan PullTimeout = TimeSpan.FromSeconds(30);

    public static async Task<BaseImageChoice> EnsureAsync(IDockerClient docker, CancellationToken cancellationToken)
    {
        var choice = await FindAsync(docker, cancellationToken);
        if (choice is null)
        {
            // Several builds (tests, worktrees) may want the base at once: make it only once.
            using var _ = await MachineLock.AcquireAsync("wavelet-stack-base", TimeSpan.FromMinutes(15), cancellationToken);
            choice = await FindAsync(docker, cancellationToken) ?? await PullOrMakeAsync(docker, cancellationToken);
        }
        Ui.Info($"Base image: {choice.Name} ({choice.How})");
        return choice;
    }

    /// <summary>An already present base: the pulled one first, else ours if its recipe matches.</summary>
    static async Task<BaseImageChoice?> FindAsync(IDockerClient docker, CancellationToken cancellationToken)
    {
        if (await EngineImages.TryInspectAsync(docker, Pulled, cancellationToken) is { } pulled)
            return new(Pulled, pulled.ID, "pulled Debian image");
        if (await EngineImages.TryInspectAsync(docker, DebootstrapBase.Name, cancellationToken) is { } made
            && made.Label(DebootstrapBase.RecipeLabel) == DebootstrapBase.RecipeHash)
            return new(DebootstrapBase.Name, made.ID, "made here with debootstrap, reused");
        return null;
    }

    static async Task<BaseImageChoice> PullOrMakeAsync(IDockerClient docker, CancellationToken cancellationToken)
    {
        Ui.Progress($"Base image: pulling {Pulled}…");
        if (await EngineImages.TryPullAsync(docker, Pulled, PullTimeout, cancellationToken)
            && await EngineImages.TryInspectAsync(docker, Pulled, cancellationToken) is { } pulled)
            return new(Pulled, pulled.ID, "pulled Debian image");

        Ui.Progress($"Base image: {Pulled} cannot be pulled; making {DebootstrapBase.Name} with debootstrap (once, about a minute)…");
        var id = await DebootstrapBase.MakeAsync(docker, cancellationToken);
        Ui.EndProgress();
        return new(DebootstrapBase.Name, id, "made here with debootstrap, no registry answered");
    }
}
