using Docker.DotNet;
using Docker.DotNet.Models;
using WaveletStack.Output;

namespace WaveletStack.Images;

/// <summary>
/// What one image is made from: its folder under nodes/, build arguments, binaries copied into
/// the context (name in context → file), and other inputs (such as an image id it copies from).
/// </summary>
public sealed record ImageRecipe(
    string Image,
    string Folder,
    IReadOnlyDictionary<string, string> BuildArguments,
    IReadOnlyDictionary<string, string> Binaries,
    IReadOnlyDictionary<string, string> OtherInputs)
{
    public string InputsHash()
    {
        var hash = new InputsHash().AddFolder(Folder);
        foreach (var (name, value) in BuildArguments.OrderBy(p => p.Key, StringComparer.Ordinal)) hash.Add("arg " + name, value);
        foreach (var (name, path) in Binaries.OrderBy(p => p.Key, StringComparer.Ordinal)) hash.AddFile(name, path);
        foreach (var (name, value) in OtherInputs.OrderBy(p => p.Key, StringComparer.Ordinal)) hash.Add(name, value);
        return hash.Finish();
    }
}

public enum BuildOutcome { Skipped, Built }

/// <summary>
/// Builds an image through the Engine API (classic builder) unless the image already carries
/// the hash of the same inputs. The engine tags only a finished build, so a failed build never
/// leaves a new image tagged: the previous one (with its older hash) stays until a build succeeds.
/// </summary>
public static class ImageBuilder
{
    static readonly TimeSpan BuildTimeout = TimeSpan.FromMinutes(20);

    public static async Task<BuildOutcome> BuildAsync(IDockerClient docker, ImageRecipe recipe, CancellationToken cancellationToken)
    {
        var hash = recipe.InputsHash();
        if (await EngineImages.TryInspectAsync(docker, recipe.Image, cancellationToken) is { } existing
            && existing.Label(ImageNames.InputsHashLabel) == hash)
        {
            Ui.Info($"{recipe.Image}: up to date (inputs unchanged)");
            return BuildOutcome.Skipped;
        }

        var output = new BuildOutput(recipe.Image);
        using var context = BuildContext.Create(recipe.Folder, recipe.Binaries);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(BuildTimeout);
        var started = DateTime.UtcNow;
        try
        {
            await docker.Images.BuildImageFromDockerfileAsync(
                new ImageBuildParameters
                {
                    Tags = [recipe.Image],
                    Dockerfile = "Dockerfile",
                    BuildArgs = recipe.BuildArguments.ToDictionary(),
                    Labels = new Dictionary<string, string> { [ImageNames.InputsHashLabel] = hash },
                    Remove = true,
                    ForceRemove = true,
                },
                context, null, null, output, deadline.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw Failure(recipe, output, $"it did not finish within {BuildTimeout.TotalMinutes:0} minutes");
        }
        catch (DockerApiException e)
        {
            throw Failure(recipe, output, e.ResponseBody.Trim());
        }
        if (output.Error is not null) throw Failure(recipe, output, output.Error);

        var built = await EngineImages.TryInspectAsync(docker, recipe.Image, cancellationToken);
        if (built?.Label(ImageNames.InputsHashLabel) != hash)
            throw Failure(recipe, output, "the engine reported success but the image is not tagged with the new inputs");
        Ui.EndProgress();
        Ui.Success($"{recipe.Image}: built in {(DateTime.UtcNow - started).TotalSeconds:0.0} s");
        return BuildOutcome.Built;
    }

    static UserErrorException Failure(ImageRecipe recipe, BuildOutput output, string reason)
    {
        Ui.EndProgress();
        Ui.Fail($"{recipe.Image}: {output.Step}");
        foreach (var line in output.StepLines) Ui.Error.WriteLine("    " + line);
        return new UserErrorException(
            $"Building {recipe.Image} failed at \"{output.Step}\": {reason}. " +
            $"Fix {Path.Combine(Path.GetFileName(Path.GetDirectoryName(recipe.Folder)) ?? "", Path.GetFileName(recipe.Folder), "Dockerfile")} " +
            "or the cause shown above and run BuildImages again (the previous image, if any, was left as it was).");
    }
}
