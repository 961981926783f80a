namespace WaveletStack.Output;

/// <summary>A plain text table: columns padded to their widest cell, readable in any log.</summary>
public sealed class Table(params string[] headers)
{
    readonly List<string[]> rows = [];

    public Table Add(params object?[] cells)
    {
        rows.Add(cells.Select(c => c?.ToString() ?? "").ToArray());
        return this;
    }

    public int Count => rows.Count;

    public override string ToString()
    {
        var widths = headers.Select((h, i) => rows.Select(r => i < r.Length ? r[i].Length : 0).Append(h.Length).Max()).ToArray();
        var lines = new List<string> { Format(headers, widths) };
        lines.AddRange(rows.Select(r => Format(r, widths)));
        return string.Join(Environment.NewLine, lines);
    }

    static string Format(string[] cells, int[] widths) =>
        string.Join("   ", widths.Select((w, i) => (i < cells.Length ? cells[i] : "").PadRight(w))).TrimEnd();
}
