using NetArchTest.Rules;
using Xunit;

namespace WaveletStack.Tests.Architecture;

/// <summary>
/// The library's folders depend one way (docs/architecture.md, "Layers"): a folder may use the
/// folders of lower layers only, never one of its own layer or above. Read from the compiled
/// types (NetArchTest, over Mono.Cecil), so a fully qualified name counts as much as a `using`.
/// </summary>
public sealed class LayeringTests
{
    /// <summary>Lowest first. Keep in step with docs/architecture.md.</summary>
    public static readonly string[][] Layers =
    [
        ["Output", "Crypto", "Processes"],
        ["Configuration", "Images", "Compose", "Dev"],
        ["Docker"],
        ["Stack"],
        ["Node", "Swarm"],
        ["Benchmark", "Providers", "Snapshots"],
        ["Faults", "Provisioning", "Experiments", "Assertions"],
    ];

    static readonly System.Reflection.Assembly Library = typeof(UserErrorException).Assembly;

    public static IEnumerable<object[]> Folders() => Layers.SelectMany(layer => layer).Select(folder => new object[] { folder });

    [Theory]
    [MemberData(nameof(Folders))]
    public void Folder_UsesOnlyFoldersOfLowerLayers(string folder)
    {
        var level = Array.FindIndex(Layers, layer => layer.Contains(folder));
        var forbidden = Layers.Skip(level).SelectMany(layer => layer).Where(f => f != folder).Select(f => $"WaveletStack.{f}").ToArray();

        var result = Types.InAssembly(Library).That().ResideInNamespace($"WaveletStack.{folder}")
            .ShouldNot().HaveDependencyOnAny(forbidden).GetResult();

        Assert.True(result.IsSuccessful, $"{folder} (layer {level}) may not use {string.Join(", ", forbidden)}; these types do: " +
                                         string.Join(", ", result.FailingTypeNames ?? []));
    }

    [Fact]
    public void EveryFolderOfTheLibrary_HasItsPlaceInTheLayers()
    {
        var folders = Library.GetTypes().Select(t => t.Namespace?.Split('.')).Where(n => n is { Length: > 1 } && n[0] == "WaveletStack")
            .Select(n => n![1]).Distinct().Order().ToList();
        var placed = Layers.SelectMany(layer => layer).ToHashSet();
        Assert.DoesNotContain(folders, f => !placed.Contains(f));
        Assert.Contains("Faults", folders); // the reading above finds the folders at all
    }

    [Fact]
    public void TheRule_CatchesABackEdge()
    {
        // Stack is known to use Compose: asking the reverse of the rule must fail, or the rule checks nothing.
        var result = Types.InAssembly(Library).That().ResideInNamespace("WaveletStack.Stack")
            .ShouldNot().HaveDependencyOnAny("WaveletStack.Compose").GetResult();
        Assert.False(result.IsSuccessful);
    }
}
