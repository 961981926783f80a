namespace WaveletStack.Targets;

/// <summary>One target of the plan, why it is there and, when decided before running, why it is skipped.</summary>
internal sealed record PlannedTarget(TargetDefinition Target, string Reason)
{
    public string? SkipReason { get; set; }
}

/// <summary>
/// Orders the requested targets with their dependencies and triggered targets: every target
/// after its dependencies, the targets it is declared After, and the targets that trigger it.
/// </summary>
internal static class Planner
{
    public static List<PlannedTarget> Plan(BuildModel model, IReadOnlyList<TargetDefinition> requested, IReadOnlyList<string>? skip)
    {
        var reasons = Collect(model.Relations, requested);
        var ordered = new List<PlannedTarget>();
        var visited = new HashSet<TargetDefinition>();
        foreach (var target in reasons.Keys) Visit(target);

        var skipped = SkippedNames(model, skip);
        foreach (var planned in ordered)
        {
            var explicitly = skip is not null && (skip.Count == 0 ? !requested.Contains(planned.Target) : skipped.Contains(planned.Target));
            if (explicitly) planned.SkipReason = "--skip";
        }
        return ordered;

        // Depth-first over "must run before" edges within the plan: a valid order (cycles were refused at start-up).
        void Visit(TargetDefinition target)
        {
            if (!visited.Add(target)) return;
            foreach (var before in model.Relations.Predecessors(target).Where(reasons.ContainsKey)) Visit(before);
            ordered.Add(new PlannedTarget(target, reasons[target]));
            // A triggered target follows its trigger at once when nothing else must come first;
            // otherwise the outer loop places it later.
            foreach (var triggered in model.Relations.TriggeredBy(target))
                if (model.Relations.Predecessors(triggered).Where(reasons.ContainsKey).All(p => ordered.Any(o => o.Target == p)))
                    Visit(triggered);
        }
    }

    /// <summary>Marks targets whose static conditions are false, and dependencies only skipped targets need.</summary>
    public static void ApplyStaticConditions(BuildModel model, List<PlannedTarget> plan, IReadOnlyList<TargetDefinition> requested)
    {
        foreach (var planned in plan.Where(p => p.SkipReason is null))
            if (planned.Target.StaticConditions.FirstOrDefault(c => !c.Compile()()) is { } condition)
                planned.SkipReason = "condition false: " + Conditions.Text(condition);

        bool changed;
        do
        {
            changed = false;
            foreach (var planned in plan.Where(p => p.SkipReason is null && !requested.Contains(p.Target)))
            {
                var neededBy = plan.Where(p => model.Relations.DependenciesOf(p.Target).Contains(planned.Target) ||
                                               model.Relations.TriggeredBy(p.Target).Contains(planned.Target)).ToList();
                if (neededBy.Count > 0 && neededBy.All(p => p.SkipReason?.StartsWith("condition") == true || p.SkipReason?.StartsWith("only needed") == true))
                {
                    planned.SkipReason = "only needed by skipped " + string.Join(", ", neededBy.Select(p => p.Target.Name));
                    changed = true;
                }
            }
        } while (changed);
    }

    // Requested targets, then what they depend on and what they trigger, with why each is planned.
    static Dictionary<TargetDefinition, string> Collect(TargetRelations relations, IReadOnlyList<TargetDefinition> requested)
    {
        var reasons = new Dictionary<TargetDefinition, string>();
        var queue = new Queue<TargetDefinition>();
        foreach (var target in requested)
            if (reasons.TryAdd(target, "requested")) queue.Enqueue(target);
        while (queue.TryDequeue(out var target))
        {
            foreach (var d in relations.DependenciesOf(target))
                if (reasons.TryAdd(d, "dependency of " + target.Name)) queue.Enqueue(d);
            foreach (var t in relations.TriggeredBy(target))
                if (reasons.TryAdd(t, "triggered by " + target.Name)) queue.Enqueue(t);
        }
        return reasons;
    }

    static HashSet<TargetDefinition> SkippedNames(BuildModel model, IReadOnlyList<string>? skip) =>
        (skip ?? []).Select(name => model.Find(name) ?? throw new UsageException(
            $"--skip names unknown target {name}" + Suggestions.Hint(name, model.Targets.Select(t => t.Name)) + ".")).ToHashSet();
}
