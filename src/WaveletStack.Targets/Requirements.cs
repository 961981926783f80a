namespace WaveletStack.Targets;

/// <summary>Checks every planned target's <c>Requires(...)</c> before anything runs.</summary>
internal static class Requirements
{
    public static void Check(BuildModel model, IEnumerable<PlannedTarget> plan)
    {
        var problems = new List<string>();
        foreach (var planned in plan.Where(p => p.SkipReason is null))
        foreach (var requirement in planned.Target.Requirements)
        {
            var value = requirement.Compile().DynamicInvoke();
            if (value is not (null or false or "" or Array { Length: 0 })) continue;
            var parameter = model.Parameters.FirstOrDefault(p => p.MemberName == Conditions.MemberName(requirement));
            problems.Add(parameter is not null
                ? $"{planned.Target.Name} requires --{parameter.Flag} ({parameter.Description}); pass it" +
                    (parameter.EnvironmentVariable is { } variable ? $", or set {variable}." : ".")
                : $"{planned.Target.Name} requires {Conditions.Text(requirement)}.");
        }
        if (problems.Count > 0) throw new UsageException(string.Join(Environment.NewLine + "error: ", problems));
    }
}
