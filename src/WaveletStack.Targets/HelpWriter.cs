namespace WaveletStack.Targets;

/// <summary>
/// <c>--help</c>: every listed target with its description and dependencies (default marked),
/// every parameter with its description and initial value. A secret's value is never shown.
/// </summary>
internal static class HelpWriter
{
    public static void Write(TextWriter w, BuildModel model, NukeBuild build, IReadOnlyList<TargetDefinition> defaults)
    {
        w.WriteLine("Usage: ./build.sh [targets] [--parameter value ...] [--plan] [--skip [targets]] [--verbose]");
        w.WriteLine();
        w.WriteLine("Targets (* = default):");
        var targets = model.Targets.Where(t => t.IsListed).OrderBy(t => t.Name, StringComparer.Ordinal).ToList();
        var width = targets.Select(t => t.Name.Length).DefaultIfEmpty(0).Max();
        foreach (var target in targets)
        {
            var mark = defaults.Contains(target) ? "*" : " ";
            w.WriteLine($"  {mark} {target.Name.PadRight(width)}   {target.DescriptionText}".TrimEnd());
            var pad = new string(' ', width + 7);
            if (target.ArgumentsUsage is { } usage) w.WriteLine($"{pad}usage: ./build.sh {target.Name} {usage}");
            var dependencies = model.Relations.DependenciesOf(target);
            if (dependencies.Count > 0) w.WriteLine($"{pad}depends on: {string.Join(", ", dependencies.Select(d => d.Name))}");
            var triggers = model.Relations.TriggeredBy(target);
            if (triggers.Count > 0) w.WriteLine($"{pad}triggers: {string.Join(", ", triggers.Select(d => d.Name))}");
        }

        w.WriteLine();
        w.WriteLine("Parameters (command line, else environment variable, else .nuke/parameters[.<profile>].json):");
        w.WriteLine($"  Environment variables are {ParameterDescriptor.EnvironmentPrefix} + the name in UPPER_SNAKE_CASE ({ParameterDescriptor.EnvironmentPrefix}STACK),");
        w.WriteLine("  so none collides with a stack's configuration keys or common variables. Switches marked");
        w.WriteLine("  'command line only' are read from nowhere else: no variable or profile arms them.");
        var rows = model.Parameters.OrderBy(p => p.Flag, StringComparer.Ordinal)
            .Select(p => (Flag: $"--{p.Flag}{Placeholder(p)}", Text: Text(p, build))).ToList();
        rows.AddRange([
            ("--profile <name>", "Also read .nuke/parameters.<name>.json"),
            ("--plan", "Print the execution order and stop"),
            ("--skip [targets]", "Skip these targets (all dependencies when none are named)"),
            ("--verbose", "Print stack traces of failures"),
            ("--help", "This text"),
        ]);
        var flagWidth = rows.Max(r => r.Flag.Length);
        foreach (var (flag, text) in rows) w.WriteLine($"  {flag.PadRight(flagWidth)}   {text}");
    }

    static string Placeholder(ParameterDescriptor p)
    {
        var type = Nullable.GetUnderlyingType(p.Type) ?? p.Type;
        if (type == typeof(bool)) return "";
        if (p.IsSecret) return " <secret>";
        var element = type.IsArray ? type.GetElementType()! : type;
        var word = element.IsEnum ? string.Join("|", Enum.GetNames(element).Select(n => n.ToLowerInvariant()))
            : element == typeof(TimeSpan) ? "seconds"
            : element == typeof(int) || element == typeof(long) ? "number" : "value";
        return type.IsArray ? $" <{word}>..." : $" <{word}>";
    }

    static string Text(ParameterDescriptor p, NukeBuild build)
    {
        var notes = new List<string> { p.EnvironmentVariable is { } variable ? "env " + variable : "command line only" };
        if (p.IsSecret) notes.Add("secret, never printed");
        else if (Shown(p.GetValue(build)) is { } value) notes.Add("default: " + value);
        return $"{p.Description} ({string.Join("; ", notes)})";
    }

    static string? Shown(object? value) => value switch
    {
        null or false or "" or Array { Length: 0 } => null,
        true => "true",
        Array array => string.Join(" ", array.Cast<object>()),
        Enum e => e.ToString().ToLowerInvariant(),
        _ => value.ToString(),
    };
}
