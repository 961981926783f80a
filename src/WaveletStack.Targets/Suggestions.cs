namespace WaveletStack.Targets;

/// <summary>"did you mean …?" for mistyped target and parameter names (Levenshtein distance).</summary>
public static class Suggestions
{
    /// <summary>The closest candidate, or null when none is close enough to be a likely typo.</summary>
    public static string? Closest(string input, IEnumerable<string> candidates)
    {
        var best = candidates
            .Select(c => (Candidate: c, Distance: Distance(input.ToLowerInvariant(), c.ToLowerInvariant())))
            .OrderBy(x => x.Distance)
            .FirstOrDefault();
        return best.Candidate is not null && best.Distance <= Math.Max(2, input.Length / 3) ? best.Candidate : null;
    }

    /// <summary>" (did you mean X?)" or nothing.</summary>
    public static string Hint(string input, IEnumerable<string> candidates, string prefix = "") =>
        Closest(input, candidates) is { } match ? $"; did you mean {prefix}{match}?" : "";

    public static int Distance(string a, string b)
    {
        var previous = Enumerable.Range(0, b.Length + 1).ToArray();
        var current = new int[b.Length + 1];
        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }
            (previous, current) = (current, previous);
        }
        return previous[b.Length];
    }
}
