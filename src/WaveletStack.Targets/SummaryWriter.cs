namespace WaveletStack.Targets;

/// <summary>The table after a run: each target, its status and its duration.</summary>
internal static class SummaryWriter
{
    public static void Write(TextWriter writer, IReadOnlyList<TargetResult> results)
    {
        var rows = results.Select(r => new[] { r.Name, Status(r), Duration(r.Duration) }).ToList();
        rows.Add(["Total", "", Duration(results.Aggregate(TimeSpan.Zero, (sum, r) => sum + r.Duration))]);
        var widths = Enumerable.Range(0, 3).Select(i => rows.Append(Header).Max(r => r[i].Length)).ToArray();
        var rule = new string('─', widths.Sum() + 6);
        writer.WriteLine();
        writer.WriteLine(rule);
        writer.WriteLine(Row(Header, widths));
        writer.WriteLine(rule);
        foreach (var row in rows.SkipLast(1)) writer.WriteLine(Row(row, widths));
        writer.WriteLine(rule);
        writer.WriteLine(Row(rows[^1], widths));
        writer.WriteLine(rule);
    }

    static readonly string[] Header = ["Target", "Status", "Duration"];

    static string Row(string[] cells, int[] widths) =>
        $"{cells[0].PadRight(widths[0])}   {cells[1].PadRight(widths[1])}   {cells[2].PadLeft(widths[2])}".TrimEnd();

    static string Status(TargetResult r) => r.Status switch
    {
        TargetStatus.Succeeded => "succeeded",
        TargetStatus.Failed => r.ExitCode is { } code ? $"failed (exit {code})" : "failed",
        TargetStatus.Skipped => r.Note is null ? "skipped" : $"skipped ({r.Note})",
        _ => "not run",
    };

    internal static string Duration(TimeSpan d) =>
        d < TimeSpan.FromMinutes(1) ? $"{d.TotalSeconds:0.0} s" : $"{(int)d.TotalMinutes}:{d.Seconds:00} min";
}
