using System.Reflection;

namespace WaveletStack.Targets;

/// <summary>
/// The build's targets and parameters, found by reflection, with every relation resolved to a
/// target. Declaration errors (two targets with one name, cycles) are refused here, at start-up.
/// </summary>
internal sealed class BuildModel
{
    const BindingFlags Members = BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly;

    /// <summary>Engine options; a parameter may not take one of these names.</summary>
    public static readonly string[] EngineOptions = ["help", "plan", "skip", "verbose", "profile"];

    public required IReadOnlyList<TargetDefinition> Targets { get; init; }
    public required IReadOnlyList<ParameterDescriptor> Parameters { get; init; }

    public TargetDefinition? Find(string name) =>
        Targets.FirstOrDefault(t => string.Equals(t.Name, name, StringComparison.OrdinalIgnoreCase));

    public static BuildModel Discover(NukeBuild build)
    {
        var types = Hierarchy(build.GetType()).ToList();
        var targetProperties = types
            .SelectMany(t => t.GetProperties(Members))
            .Where(p => p.PropertyType == typeof(Target) && p.GetMethod is not null)
            // An override and the property it overrides are one target.
            .DistinctBy(p => p.GetMethod!.GetBaseDefinition())
            .ToList();
        RefuseDuplicates(targetProperties.Select(p => p.Name), "targets");

        var definitions = new List<TargetDefinition>();
        var byMethod = new Dictionary<MethodInfo, TargetDefinition>();
        foreach (var property in targetProperties)
        {
            var target = (Target)property.GetValue(build)!;
            var definition = new TargetDefinition(property.Name, definitions.Count);
            target(definition);
            definitions.Add(definition);
            byMethod[target.Method] = definition;
        }

        var parameters = types
            .SelectMany(t => t.GetFields(Members).Cast<MemberInfo>().Concat(t.GetProperties(Members)))
            .Select(m => (Member: m, Attribute: m.GetCustomAttribute<ParameterAttribute>()))
            .Where(x => x.Attribute is not null)
            .Select(x => new ParameterDescriptor(x.Member, x.Attribute!))
            .ToList();
        RefuseDuplicates(parameters.Select(p => p.Key), "parameters");
        if (parameters.FirstOrDefault(p => EngineOptions.Contains(p.Key)) is { } reserved)
            throw new UsageException($"Parameter {reserved.Name} takes the name of the engine option --{reserved.Flag}; rename it.");

        var model = new BuildModel { Targets = definitions, Parameters = parameters };
        model.Relations = new TargetRelations(definitions, target =>
            byMethod.GetValueOrDefault(target.Method) ?? throw new UsageException(
                $"A target refers to {target.Method.Name}, which is not a Target property of the build."));
        model.Relations.RefuseCycles();
        return model;
    }

    public TargetRelations Relations { get; private set; } = null!;

    static IEnumerable<Type> Hierarchy(Type type)
    {
        for (var t = type; t is not null && t != typeof(object); t = t.BaseType) yield return t;
    }

    static void RefuseDuplicates(IEnumerable<string> names, string what)
    {
        var duplicates = names.GroupBy(n => n, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1)
            .Select(g => string.Join(" and ", g)).ToList();
        if (duplicates.Count > 0)
            throw new UsageException($"Two {what} share a name (names ignore case): {string.Join(", ", duplicates)}; rename one.");
    }
}
