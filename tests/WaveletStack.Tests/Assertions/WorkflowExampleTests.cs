using WaveletStack.Tests.Images;
using WaveletStack.Tests.Stack;
using Xunit;
using Xunit.Abstractions;
using YamlDotNet.RepresentationModel;

namespace WaveletStack.Tests.Assertions;

/// <summary>
/// The GitHub Actions example (.github/workflows/stack-assert.yml) runs here step by step, as the
/// runner would run it, against a stack of the test's own: if the example breaks, this fails.
/// Only the stack's name and the registry of this run's test images differ from the workflow's env.
/// </summary>
[Collection(ImagesCollection.Name)]
public sealed class WorkflowExampleTests(StackFixture stack, ITestOutputHelper output) : IClassFixture<StackFixture>
{
    static readonly string Workflow = Path.Combine(ImagesFixture.RepositoryRoot(), ".github", "workflows", "stack-assert.yml");

    [Fact]
    public async Task TheWorkflowsSteps_DeployBenchmarkAssertAndStop()
    {
        var (environment, steps) = Read();
        Assert.Equal(["DeployStack", "Benchmark", "Assert", "Assert", "StopStack"],
            steps.Select(s => s.Run.Split(' ', 3)[1]).ToArray());
        environment["WST_STACK"] = stack.Stack;
        environment["REGISTRY"] = ImagesFixture.Names.Registry;

        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(15));
        foreach (var (name, run) in steps)
        {
            var result = await BuildProcess.RunAsync(environment, timeout.Token, ShellWords(run)[1..]);
            output.WriteLine($"--- {name}: exit {result.Code}\n{result.Output}");
            Assert.True(result.Code == 0, $"step '{name}' exited {result.Code}:\n{result.Output}");
        }
        Assert.Empty(await stack.ServicesAsync(timeout.Token)); // the last step stopped it
    }

    static (Dictionary<string, string> Environment, List<(string Name, string Run)> Steps) Read()
    {
        var yaml = new YamlStream();
        using (var reader = File.OpenText(Workflow)) yaml.Load(reader);
        var job = (YamlMappingNode)((YamlMappingNode)((YamlMappingNode)yaml.Documents[0].RootNode)["jobs"])["stack"];
        var environment = ((YamlMappingNode)job["env"]).Children.ToDictionary(e => e.Key.ToString(), e => e.Value.ToString());
        var steps = ((YamlSequenceNode)job["steps"]).Children.Cast<YamlMappingNode>()
            .Where(s => s.Children.ContainsKey("run"))
            .Select(s => (s["name"].ToString(), s["run"].ToString().Trim())).ToList();
        Assert.All(steps, s => Assert.StartsWith("./build.sh ", s.Item2));
        return (environment, steps);
    }

    /// <summary>The words of a one-line command as bash splits them (double quotes group).</summary>
    static string[] ShellWords(string command)
    {
        var words = new List<string>();
        var word = new System.Text.StringBuilder();
        var quoted = false;
        var any = false;
        foreach (var c in command)
        {
            if (c == '"') { quoted = !quoted; any = true; }
            else if (c == ' ' && !quoted) { if (any) words.Add(word.ToString()); word.Clear(); any = false; }
            else { word.Append(c); any = true; }
        }
        if (any) words.Add(word.ToString());
        return [.. words];
    }
}
