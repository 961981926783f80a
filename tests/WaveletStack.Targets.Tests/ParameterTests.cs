using WaveletStack.Targets;
using Xunit;

namespace WaveletStack.Targets.Tests;

public sealed class ParameterTests : IDisposable
{
    public enum Mode { Auto, Ingress, Host }

    class Parameterized : NukeBuild
    {
        [Parameter("Stack to act on")] public string Stack = "default-local";
        [Parameter("Nodes to run")] public int Nodes = 3;
        [Parameter("Allow destruction"), CommandLineOnly] public bool Force;
        [Parameter("How long to wait")] public TimeSpan Timeout = TimeSpan.FromSeconds(30);
        [Parameter("Settings to change")] public string[] Set = [];
        [Parameter("Publish mode")] public Mode PublishMode;
        [Parameter("Key file")] public string? SSHKeyFile;
        [Parameter("API token"), Secret] public string? DigitalOceanToken;
        public bool Ran;
        Target Deploy => _ => _.Requires(() => Stack).Executes(() => Ran = true);
        Target Destroy => _ => _.Requires(() => DigitalOceanToken).Executes(() => Ran = true);
        Target Guarded => _ => _.Requires(() => Force).Executes(() => Ran = true);
    }

    readonly string root = Directory.CreateTempSubdirectory("wst-engine-params-").FullName;

    public void Dispose() => Directory.Delete(root, recursive: true);

    void WriteParameters(string name, string json)
    {
        Directory.CreateDirectory(Path.Combine(root, ".nuke"));
        File.WriteAllText(Path.Combine(root, ".nuke", name), json);
    }

    static Dictionary<string, string?> Env(params (string Key, string Value)[] values) =>
        values.ToDictionary(v => v.Key, v => (string?)v.Value);

    [Fact]
    public void Resolution_PrefersCommandLineOverEnvironmentOverProfileOverParametersJson()
    {
        WriteParameters("parameters.json", """{ "Stack": "from-json", "Nodes": 4, "Timeout": 7 }""");
        WriteParameters("parameters.ci.json", """{ "Stack": "from-profile", "Nodes": 5 }""");

        var build = new Parameterized();
        BuildHarness.Run(build, "Deploy --profile ci --stack from-argv", Env(("WST_STACK", "from-env"), ("WST_NODES", "6")), root);
        Assert.Equal(("from-argv", 6, TimeSpan.FromSeconds(7)), (build.Stack, build.Nodes, build.Timeout));

        var noArgv = new Parameterized();
        BuildHarness.Run(noArgv, "Deploy --profile ci", Env(("WST_STACK", "from-env")), root);
        Assert.Equal(("from-env", 5), (noArgv.Stack, noArgv.Nodes));

        var noEnv = new Parameterized();
        BuildHarness.Run(noEnv, "Deploy --profile ci", Env(), root);
        Assert.Equal("from-profile", noEnv.Stack);

        var noProfile = new Parameterized();
        BuildHarness.Run(noProfile, "Deploy", Env(), root);
        Assert.Equal(("from-json", 4), (noProfile.Stack, noProfile.Nodes));
    }

    [Fact]
    public void Environment_WithoutPrefix_IsIgnored_SoAVariableForSomethingElseChangesNothing()
    {
        var build = new Parameterized();
        BuildHarness.Run(build, "Deploy", Env(("STACK", "other"), ("NODES", "9"), ("TIMEOUT", "1")), root);
        Assert.Equal(("default-local", 3, TimeSpan.FromSeconds(30)), (build.Stack, build.Nodes, build.Timeout));
    }

    [Fact]
    public void CommandLineOnlySwitch_IsNotArmedByAnyEnvironmentVariable()
    {
        var build = new Parameterized();
        BuildHarness.Run(build, "Deploy", Env(("FORCE", "1"), ("WST_FORCE", "1")), root);
        Assert.False(build.Force);
        var given = new Parameterized();
        BuildHarness.Run(given, "Deploy --force", Env(), root);
        Assert.True(given.Force);
    }

    [Theory]
    [InlineData("parameters.json", "Deploy")]
    [InlineData("parameters.ci.json", "Deploy --profile ci")]
    public void CommandLineOnlySwitch_InAParametersFile_IsRefusedAndNothingRuns(string file, string args)
    {
        WriteParameters(file, """{ "Force": true }""");
        var build = new Parameterized();
        var outcome = BuildHarness.Run(build, args, Env(), root);
        Assert.Equal(2, outcome.ExitCode);
        Assert.Contains($".nuke/{file} sets Force, which is taken from the command line only (--force)", outcome.Error);
        Assert.False(build.Ran || build.Force);
    }

    [Fact]
    public void Resolution_WithNothingSet_KeepsInitialValues()
    {
        var build = new Parameterized();
        BuildHarness.Run(build, "Deploy", Env(), root);
        Assert.Equal(("default-local", 3, false), (build.Stack, build.Nodes, build.Force));
    }

    [Fact]
    public void EnvironmentVariable_MustMatchUpperSnakeCaseExactly()
    {
        var build = new Parameterized();
        BuildHarness.Run(build, "Deploy", Env(("WST_DigitalOceanToken", "x"), ("WST_PUBLISH_MODE", "host"), ("wst_stack", "lower")), root);
        Assert.Null(build.DigitalOceanToken);
        Assert.Equal("default-local", build.Stack);
        Assert.Equal(Mode.Host, build.PublishMode);
    }

    [Fact]
    public void Conversion_ReadsTypedValues()
    {
        var build = new Parameterized();
        var outcome = BuildHarness.Run(build, "Deploy --force --nodes 7 --timeout 5m --set A=1 B=2 --set C=3 --publish-mode INGRESS", Env(), root);
        Assert.Equal(0, outcome.ExitCode);
        Assert.True(build.Force);
        Assert.Equal(7, build.Nodes);
        Assert.Equal(TimeSpan.FromMinutes(5), build.Timeout);
        Assert.Equal(["A=1", "B=2", "C=3"], build.Set);
        Assert.Equal(Mode.Ingress, build.PublishMode);
    }

    [Fact]
    public void BooleanFlag_FollowedByTargetName_DoesNotTakeIt()
    {
        var build = new Parameterized();
        Assert.Equal(0, BuildHarness.Run(build, "--force Deploy", Env(), root).ExitCode);
        Assert.True(build.Force && build.Ran);
        var off = new Parameterized();
        BuildHarness.Run(off, "Deploy --force no", Env(), root);
        Assert.False(off.Force);
    }

    [Theory]
    [InlineData("--nodes three", "--nodes: 'three' (from the command line) is not a whole number")]
    [InlineData("--publish-mode mesh", "--publish-mode: 'mesh' (from the command line) is not one of auto, ingress, host")]
    [InlineData("--timeout soon", "--timeout: 'soon' (from the command line) is not a duration")]
    [InlineData("--force maybe", "Unknown target maybe")]
    public void BadValue_ExitsTwoNamingParameterValueAndWhatIsAllowed(string args, string message)
    {
        var build = new Parameterized();
        var outcome = BuildHarness.Run(build, "Deploy " + args, Env(), root);
        Assert.Equal(2, outcome.ExitCode);
        Assert.Contains(message, outcome.Error);
        Assert.False(build.Ran);
    }

    [Fact]
    public void BadValueFromEnvironment_NamesTheVariable()
    {
        var outcome = BuildHarness.Run(new Parameterized(), "Deploy", Env(("WST_NODES", "x")), root);
        Assert.Equal(2, outcome.ExitCode);
        Assert.Contains("(from environment variable WST_NODES)", outcome.Error);
    }

    [Fact]
    public void BadSecretValue_IsNotEchoed()
    {
        WriteParameters("parameters.json", """{ "DigitalOceanToken": ["s3cr3t-a", "s3cr3t-b"] }""");
        var outcome = BuildHarness.Run(new Parameterized(), "Destroy", Env(), root);
        Assert.Equal(2, outcome.ExitCode);
        Assert.DoesNotContain("s3cr3t", outcome.Error);
    }

    [Fact]
    public void UnknownKeyInParametersJson_ExitsTwoWithSuggestion()
    {
        WriteParameters("parameters.json", """{ "$schema": "ignored", "Stak": "x" }""");
        var outcome = BuildHarness.Run(new Parameterized(), "Deploy", Env(), root);
        Assert.Equal(2, outcome.ExitCode);
        Assert.Contains("sets unknown parameter 'Stak'; did you mean Stack?", outcome.Error);
    }

    [Fact]
    public void MissingProfile_ExitsTwoListingProfiles()
    {
        WriteParameters("parameters.ci.json", "{}");
        var outcome = BuildHarness.Run(new Parameterized(), "Deploy --profile nightly", Env(), root);
        Assert.Equal(2, outcome.ExitCode);
        Assert.Contains("Profile 'nightly' has no file .nuke/parameters.nightly.json; profiles here: ci", outcome.Error);
    }

    [Fact]
    public void Requires_MissingParameter_ExitsTwoBeforeRunningAnything()
    {
        var build = new Parameterized();
        var outcome = BuildHarness.Run(build, "Destroy", Env(), root);
        Assert.Equal(2, outcome.ExitCode);
        Assert.Contains("Destroy requires --digital-ocean-token (API token); pass it, or set WST_DIGITAL_OCEAN_TOKEN.", outcome.Error);
        Assert.False(build.Ran);
    }

    [Fact]
    public void Requires_FalseBooleanParameter_ExitsTwo()
    {
        var outcome = BuildHarness.Run(new Parameterized(), "Guarded", Env(), root);
        Assert.Equal(2, outcome.ExitCode);
        Assert.Contains("Guarded requires --force", outcome.Error);
        var build = new Parameterized();
        Assert.Equal(0, BuildHarness.Run(build, "Guarded --force", Env(), root).ExitCode);
    }

    [Fact]
    public void Help_ListsParametersWithoutRevealingSecrets()
    {
        var build = new Parameterized();
        var outcome = BuildHarness.Run(build, "--help --digital-ocean-token s3cr3t", Env(("WST_DIGITAL_OCEAN_TOKEN", "s3cr3t")), root);
        Assert.Equal(0, outcome.ExitCode);
        Assert.Contains("--digital-ocean-token <secret>", outcome.Out);
        Assert.Contains("API token (env WST_DIGITAL_OCEAN_TOKEN; secret, never printed)", outcome.Out);
        Assert.Contains("--stack <value>", outcome.Out);
        Assert.Contains("default: default-local", outcome.Out);
        Assert.Contains("--publish-mode <auto|ingress|host>", outcome.Out);
        Assert.DoesNotContain("s3cr3t", outcome.Out + outcome.Error);
        Assert.Matches(@"--force\s+Allow destruction \(command line only\)", outcome.Out);
        Assert.Contains("Environment variables are WST_ + the name", outcome.Out);
    }

    [Fact]
    public void Names_SplitPascalCaseIntoFlagAndEnvironmentVariable()
    {
        var build = new Parameterized();
        var outcome = BuildHarness.Run(build, "Deploy --ssh-key-file a", Env(("WST_DIGITAL_OCEAN_TOKEN", "t")), root);
        Assert.Equal(0, outcome.ExitCode);
        Assert.Equal(("a", "t"), (build.SSHKeyFile, build.DigitalOceanToken));
        Assert.Matches(@"--ssh-key-file <value>\s+Key file \(env WST_SSH_KEY_FILE\)", BuildHarness.Run(new Parameterized(), "--help").Out);
    }

    [Fact]
    public void SecretOnTheCommandLine_IsTakenWithAWarningThatDoesNotShowIt()
    {
        var build = new Parameterized();
        var outcome = BuildHarness.Run(build, "Destroy --digital-ocean-token s3cr3t", Env(), root);
        Assert.Equal(0, outcome.ExitCode);
        Assert.Contains("warning: --digital-ocean-token was given on the command line, where `ps` and your shell's history keep it; set WST_DIGITAL_OCEAN_TOKEN instead.", outcome.Error);
        Assert.DoesNotContain("s3cr3t", outcome.Out + outcome.Error);
        var quiet = BuildHarness.Run(new Parameterized(), "Destroy", Env(("WST_DIGITAL_OCEAN_TOKEN", "s3cr3t")), root);
        Assert.DoesNotContain("warning", quiet.Error);
    }
}
