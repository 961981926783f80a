using System.Text.Json;

namespace WaveletStack.Targets;

/// <summary>
/// Gives each parameter its value from the first layer that has one: the command line, the
/// environment variable (<c>WST_</c> + UPPER_SNAKE_CASE, exact), <c>.nuke/parameters.&lt;profile&gt;.json</c>
/// (later profiles win), <c>.nuke/parameters.json</c>. A command-line-only parameter
/// (<see cref="CommandLineOnlyAttribute"/>) skips every layer but the first, and a parameters file
/// that sets one is refused. A parameter no layer sets keeps its initial value. The environment is
/// passed in, so resolution is a pure function.
/// </summary>
internal static class ParameterResolver
{
    public static void Apply(NukeBuild build, BuildModel model, CommandLine line,
        IReadOnlyDictionary<string, string?> environment, string rootDirectory, TextWriter warnings)
    {
        var files = FileLayers(model, line.Profiles, rootDirectory);
        foreach (var parameter in model.Parameters)
        {
            if (Find(parameter, line, environment, files) is var (words, source))
            {
                parameter.SetValue(build, ValueConverter.Convert(parameter, words, source));
                if (parameter.IsSecret && line.Values.ContainsKey(parameter.Key))
                    warnings.WriteLine($"warning: --{parameter.Flag} was given on the command line, where `ps` and your shell's history keep it; " +
                        $"set {parameter.EnvironmentVariable ?? "it in the environment"} instead.");
            }
        }
    }

    static (IReadOnlyList<string> Words, string Source)? Find(ParameterDescriptor parameter, CommandLine line,
        IReadOnlyDictionary<string, string?> environment, IReadOnlyList<(string File, Dictionary<string, List<string>> Values)> files)
    {
        if (line.Values.TryGetValue(parameter.Key, out var given)) return (given, "the command line");
        if (parameter.EnvironmentVariable is null) return null;
        if (environment.GetValueOrDefault(parameter.EnvironmentVariable) is { Length: > 0 } text)
        {
            // Arrays come from the environment as words separated by spaces.
            IReadOnlyList<string> words = parameter.Type.IsArray ? text.Split(' ', StringSplitOptions.RemoveEmptyEntries) : [text];
            return (words, "environment variable " + parameter.EnvironmentVariable);
        }
        foreach (var (file, values) in files.Reverse())
            if (values.TryGetValue(parameter.Key, out var fromFile)) return (fromFile, file);
        return null;
    }

    /// <summary>parameters.json then each profile, in the order given (the last one wins).</summary>
    static List<(string File, Dictionary<string, List<string>> Values)> FileLayers(BuildModel model,
        IReadOnlyList<string> profiles, string rootDirectory)
    {
        var layers = new List<(string, Dictionary<string, List<string>>)>();
        var baseFile = Path.Combine(rootDirectory, ".nuke", "parameters.json");
        if (File.Exists(baseFile)) layers.Add((".nuke/parameters.json", Read(baseFile, model)));
        foreach (var profile in profiles)
        {
            var file = Path.Combine(rootDirectory, ".nuke", $"parameters.{profile}.json");
            if (!File.Exists(file))
            {
                var known = Directory.Exists(Path.GetDirectoryName(file))
                    ? Directory.GetFiles(Path.GetDirectoryName(file)!, "parameters.*.json").Select(f => Path.GetFileName(f)["parameters.".Length..^".json".Length]).ToList()
                    : [];
                throw new UsageException($"Profile '{profile}' has no file .nuke/parameters.{profile}.json; " +
                    (known.Count > 0 ? "profiles here: " + string.Join(", ", known) : "no profiles exist") + ".");
            }
            layers.Add(($".nuke/parameters.{profile}.json", Read(file, model)));
        }
        return layers;
    }

    static Dictionary<string, List<string>> Read(string file, BuildModel model)
    {
        var name = ".nuke/" + Path.GetFileName(file);
        JsonDocument document;
        try { document = JsonDocument.Parse(File.ReadAllText(file), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true }); }
        catch (JsonException e) { throw new UsageException($"{name} is not valid JSON ({e.Message}); fix or delete it."); }
        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
                throw new UsageException($"{name} must hold one JSON object of parameter names and values.");
            var values = new Dictionary<string, List<string>>();
            foreach (var property in document.RootElement.EnumerateObject())
            {
                if (property.Name.StartsWith('$') || property.Value.ValueKind == JsonValueKind.Null) continue; // "$schema"; null = unset
                var key = ParameterDescriptor.Normalize(property.Name);
                var parameter = model.Parameters.FirstOrDefault(p => p.Key == key)
                    ?? throw new UsageException($"{name} sets unknown parameter '{property.Name}'" +
                        Suggestions.Hint(property.Name, model.Parameters.Select(p => p.Name)) + ".");
                if (parameter.IsCommandLineOnly)
                    throw new UsageException($"{name} sets {parameter.Name}, which is taken from the command line only " +
                        $"(--{parameter.Flag}); remove it from the file and pass --{parameter.Flag} where you mean it.");
                values[key] = property.Value.ValueKind == JsonValueKind.Array
                    ? property.Value.EnumerateArray().Select(Text).ToList()
                    : [Text(property.Value)];
            }
            return values;
        }
    }

    static string Text(JsonElement element) => element.ValueKind == JsonValueKind.String ? element.GetString()! : element.GetRawText();
}
