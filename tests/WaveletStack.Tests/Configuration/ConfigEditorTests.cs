using Xunit;
using WaveletStack.Configuration;

namespace WaveletStack.Tests.Configuration;

/// <summary>EditConfig with $VISUAL set to scripts standing in for a person at an editor.</summary>
public sealed class ConfigEditorTests : IDisposable
{
    readonly TempRepo repo = new TempRepo().With("stacks/demo-x", "# mine\nWAVELET_NODES=3\n");

    Dictionary<string, string> EditorScript(string body)
    {
        var script = Path.Combine(repo.Root, $"editor-{Guid.NewGuid():N}.sh");
        File.WriteAllText(script, "#!/bin/sh\nset -e\n" + body + "\n");
        File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return new Dictionary<string, string> { ["VISUAL"] = script, ["EDITOR"] = "false" };
    }

    async Task<(ConfigEditor.Outcome, LoadedConfiguration?)> Edit(Dictionary<string, string> environment, Func<ConfigurationException, bool>? askReopen = null)
    {
        var target = await StackConfigFile.OpenAsync(repo.Root, "demo-x", environment, _ => null, CancellationToken.None);
        return await ConfigEditor.EditAsync(target, environment, askReopen, CancellationToken.None);
    }

    [Fact]
    public async Task EditConfig_GoodEdit_LandsInTheStackFile()
    {
        var (outcome, loaded) = await Edit(EditorScript("sed -i 's/WAVELET_NODES=3/WAVELET_NODES=5/' \"$1\"; echo WAVELET_TAG=v2 >> \"$1\""));

        Assert.Equal(ConfigEditor.Outcome.Saved, outcome);
        Assert.Equal(5, loaded!.Configuration.Nodes);
        Assert.Equal("# mine\nWAVELET_NODES=5\nWAVELET_TAG=v2\n", repo.Read("stacks/demo-x"));
    }

    [Fact]
    public async Task EditConfig_EditsAPrivateCopyWithMode600()
    {
        var record = Path.Combine(repo.Root, "mode");
        await Edit(EditorScript($"stat -c %a \"$1\" > {record}; stat -c %a \"$(dirname \"$1\")\" >> {record}"));

        Assert.Equal("600\n700\n", File.ReadAllText(record));
    }

    [Fact]
    public async Task EditConfig_BadEditWithNoOneToAsk_IsRefusedAndTheOriginalIsUntouched()
    {
        var error = await Assert.ThrowsAsync<ConfigurationException>(() =>
            Edit(EditorScript("sed -i 's/WAVELET_NODES=3/WAVELET_NODES=zero/' \"$1\"")));

        Assert.Contains("WAVELET_NODES='zero' is not allowed", error.Message);
        Assert.Equal("# mine\nWAVELET_NODES=3\n", repo.Read("stacks/demo-x"));
    }

    [Fact]
    public async Task EditConfig_BadEditAtATerminal_ReopensOnTheBadTextUntilItIsFixed()
    {
        // First round writes a bad value; the second round sees it still there and fixes it.
        var environment = EditorScript("""
            if grep -q WAVELET_NODES=zero "$1"; then sed -i 's/WAVELET_NODES=zero/WAVELET_NODES=4/' "$1"
            else sed -i 's/WAVELET_NODES=3/WAVELET_NODES=zero/' "$1"; fi
            """);
        var asked = new List<string>();

        var (outcome, loaded) = await Edit(environment, error => { asked.Add(error.Message); return true; });

        Assert.Equal(ConfigEditor.Outcome.Saved, outcome);
        Assert.Contains("WAVELET_NODES='zero'", Assert.Single(asked));
        Assert.Equal(4, loaded!.Configuration.Nodes);
        Assert.Equal("# mine\nWAVELET_NODES=4\n", repo.Read("stacks/demo-x"));
    }

    [Fact]
    public async Task EditConfig_BadEditAndUserDeclinesReopen_LeavesTheOriginal()
    {
        await Assert.ThrowsAsync<ConfigurationException>(() =>
            Edit(EditorScript("echo 'WAVELET_NO_RPC=perhaps' >> \"$1\""), _ => false));

        Assert.Equal("# mine\nWAVELET_NODES=3\n", repo.Read("stacks/demo-x"));
    }

    [Fact]
    public async Task EditConfig_EditorFails_ChangesNothing()
    {
        var error = await Assert.ThrowsAsync<UserErrorException>(() =>
            Edit(EditorScript("echo WAVELET_NODES=7 >> \"$1\"; exit 3")));

        Assert.Contains("exited with code 3", error.Message);
        Assert.Equal("# mine\nWAVELET_NODES=3\n", repo.Read("stacks/demo-x"));
    }

    [Fact]
    public async Task EditConfig_NoChange_WritesNothing()
    {
        var before = File.GetLastWriteTimeUtc(Path.Combine(repo.Root, "stacks/demo-x"));

        var (outcome, _) = await Edit(EditorScript("true"));

        Assert.Equal(ConfigEditor.Outcome.Unchanged, outcome);
        Assert.Equal(before, File.GetLastWriteTimeUtc(Path.Combine(repo.Root, "stacks/demo-x")));
    }

    [Theory]
    [InlineData("vis", "ed", "vis")]
    [InlineData("", "ed", "ed")]
    [InlineData(null, null, "vi")]
    public void Editor_PrefersVisualThenEditorThenVi(string? visual, string? editor, string expected)
    {
        var environment = new Dictionary<string, string>();
        if (visual is not null) environment["VISUAL"] = visual;
        if (editor is not null) environment["EDITOR"] = editor;

        Assert.Equal(expected, ConfigEditor.Editor(environment));
    }

    [Fact]
    public void Template_ForANewStack_ParsesToNoSettings()
    {
        var file = KeyValueFile.Parse(ConfigEditor.Template("demo-x"), "template");

        Assert.Empty(file.Problems);
        Assert.Empty(file.Settings);
        Assert.Contains("#WAVELET_SNOWBALL_BETA=25", ConfigEditor.Template("demo-x"));
    }

    public void Dispose() => repo.Dispose();
}
