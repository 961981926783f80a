namespace WaveletStack.Targets;

/// <summary>
/// The command line split into requested targets, engine options, parameter values and
/// positional arguments. Names are checked against the build; a typo gets a suggestion.
/// </summary>
internal sealed class CommandLine
{
    public List<TargetDefinition> Targets { get; } = [];
    public List<string> Arguments { get; } = [];

    /// <summary>Parameter values by <see cref="ParameterDescriptor.Key"/>; a flag given alone has no values.</summary>
    public Dictionary<string, List<string>> Values { get; } = [];

    public bool Help => Values.ContainsKey("help");
    public bool Plan => Values.ContainsKey("plan");
    public bool Verbose => Values.ContainsKey("verbose");

    /// <summary>Null when <c>--skip</c> is absent; empty when given alone (skip every target not requested).</summary>
    public List<string>? Skip => Values.GetValueOrDefault("skip");

    public IReadOnlyList<string> Profiles => Values.GetValueOrDefault("profile") ?? [];

    public static CommandLine Parse(IReadOnlyList<string> args, BuildModel model)
    {
        var line = new CommandLine();
        var booleans = model.Parameters.Where(p => IsBoolean(p.Type)).Select(p => p.Key)
            .Concat(["help", "plan", "verbose"]).ToHashSet();
        var known = model.Parameters.Select(p => p.Key).Concat(BuildModel.EngineOptions).ToHashSet();
        string? open = null; // the last flag, while it takes more values
        var takesArguments = false;

        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (arg == "--")
            {
                line.Arguments.AddRange(args.Skip(i + 1));
                break;
            }
            if (arg.StartsWith('-') && arg.Length > 1 && !double.TryParse(arg, out _))
            {
                var (name, inline) = SplitFlag(arg);
                var key = name is "h" or "?" ? "help" : ParameterDescriptor.Normalize(name);
                if (!known.Contains(key))
                    throw new UsageException($"Unknown parameter --{name}" + Suggestions.Hint(name,
                        model.Parameters.Select(p => p.Flag).Concat(BuildModel.EngineOptions), "--") +
                        " (./build.sh --help lists them).");
                if (!line.Values.ContainsKey(key)) line.Values[key] = [];
                open = key;
                if (inline is not null) { line.Values[key].Add(inline); open = null; }
                // `--force` alone is true; `--force false` is read only when a boolean word follows.
                else if (booleans.Contains(key) && !(i + 1 < args.Count && IsBooleanWord(args[i + 1]))) open = null;
                continue;
            }
            if (open is not null)
            {
                line.Values[open].Add(arg);
                // A scalar takes one value; an array (and --skip, --profile) takes every word up to the next flag.
                if (!TakesMany(open, model)) open = null;
                continue;
            }
            // After a target that takes arguments every word is its argument, even one that names a
            // target: `Copy 1:/tmp/x test` copies to ./test and never runs Test.
            if (takesArguments) line.Arguments.Add(arg);
            else if (model.Find(arg) is { } target)
            {
                line.Targets.Add(target);
                takesArguments = target.ArgumentsUsage is not null;
            }
            else
                throw new UsageException($"Unknown target {arg}" + Suggestions.Hint(arg, model.Targets.Select(t => t.Name)) +
                    " (./build.sh --help lists them).");
        }
        return line;
    }

    static (string Name, string? Inline) SplitFlag(string arg)
    {
        var body = arg.TrimStart('-');
        var equals = body.IndexOf('=');
        return equals < 0 ? (body, null) : (body[..equals], body[(equals + 1)..]);
    }

    static bool TakesMany(string key, BuildModel model) =>
        key is "skip" or "profile" || model.Parameters.FirstOrDefault(p => p.Key == key)?.Type.IsArray == true;

    internal static bool IsBoolean(Type type) => (Nullable.GetUnderlyingType(type) ?? type) == typeof(bool);

    static bool IsBooleanWord(string word) => ValueConverter.TryParseBoolean(word, out _);
}
