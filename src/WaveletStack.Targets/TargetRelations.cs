namespace WaveletStack.Targets;

/// <summary>
/// The relations between targets with both directions folded together: <c>A.Before(B)</c> is
/// <c>B.After(A)</c>, <c>B.TriggeredBy(A)</c> is <c>A.Triggers(B)</c>.
/// </summary>
internal sealed class TargetRelations
{
    readonly Dictionary<TargetDefinition, List<TargetDefinition>> dependencies = [];
    readonly Dictionary<TargetDefinition, List<TargetDefinition>> triggers = [];
    readonly Dictionary<TargetDefinition, List<TargetDefinition>> predecessors = [];
    readonly IReadOnlyList<TargetDefinition> targets;

    public TargetRelations(IReadOnlyList<TargetDefinition> targets, Func<Target, TargetDefinition> resolve)
    {
        this.targets = targets;
        foreach (var t in targets) { dependencies[t] = []; triggers[t] = []; predecessors[t] = []; }
        foreach (var t in targets)
        {
            foreach (var d in t.Dependencies.Select(resolve)) { Add(dependencies, t, d); Add(predecessors, t, d); }
            foreach (var a in t.AfterTargets.Select(resolve)) Add(predecessors, t, a);
            foreach (var b in t.BeforeTargets.Select(resolve)) Add(predecessors, b, t);
            foreach (var x in t.TriggeredTargets.Select(resolve)) { Add(triggers, t, x); Add(predecessors, x, t); }
            foreach (var x in t.TriggeringTargets.Select(resolve)) { Add(triggers, x, t); Add(predecessors, t, x); }
        }
    }

    /// <summary>What <paramref name="target"/> depends on, in declaration order.</summary>
    public IReadOnlyList<TargetDefinition> DependenciesOf(TargetDefinition target) => dependencies[target];

    /// <summary>What <paramref name="target"/> triggers.</summary>
    public IReadOnlyList<TargetDefinition> TriggeredBy(TargetDefinition target) => triggers[target];

    /// <summary>Every target that must run before <paramref name="target"/> when both are planned.</summary>
    public IReadOnlyList<TargetDefinition> Predecessors(TargetDefinition target) => predecessors[target];

    /// <summary>Refuses a cycle in the run-before relation, naming it (<c>A → B → A</c>).</summary>
    public void RefuseCycles()
    {
        var state = new Dictionary<TargetDefinition, bool>(); // false: on the path; true: done
        var path = new Stack<TargetDefinition>();
        foreach (var t in targets) Visit(t);

        void Visit(TargetDefinition t)
        {
            if (state.TryGetValue(t, out var done))
            {
                if (done) return;
                var cycle = path.Reverse().SkipWhile(x => x != t).Append(t).Select(x => x.Name);
                throw new UsageException($"The targets form a cycle (each must run after the next): {string.Join(" → ", cycle)}; " +
                    "remove one of its DependsOn/After/Before/Triggers.");
            }
            state[t] = false;
            path.Push(t);
            foreach (var p in predecessors[t]) Visit(p);
            path.Pop();
            state[t] = true;
        }
    }

    static void Add(Dictionary<TargetDefinition, List<TargetDefinition>> map, TargetDefinition from, TargetDefinition to)
    {
        if (!map[from].Contains(to)) map[from].Add(to);
    }
}
