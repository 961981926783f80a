namespace WaveletStack.Targets;

/// <summary><c>--plan</c>: the execution order as numbered lines, readable in a CI log. Runs nothing.</summary>
internal static class PlanWriter
{
    public static void Write(TextWriter writer, IReadOnlyList<PlannedTarget> plan)
    {
        writer.WriteLine("Execution plan:");
        var width = plan.Max(p => p.Target.Name.Length);
        for (var i = 0; i < plan.Count; i++)
        {
            var (target, reason) = (plan[i].Target, plan[i].Reason);
            var notes = new List<string> { reason };
            if (plan[i].SkipReason is { } skip) notes.Add("skipped: " + skip);
            notes.AddRange(target.StaticConditions.Select(c => "only when " + Conditions.Text(c)));
            notes.AddRange(target.DynamicConditions.Select(c => "only when " + Conditions.Text(c) + " at run time"));
            writer.WriteLine($"  {i + 1,2}. {target.Name.PadRight(width)}   ({string.Join("; ", notes)})");
        }
    }
}
