namespace WaveletStack.Assertions;

/// <summary>
/// Assert's input, checked as a whole before the stack is looked at: the parsed expression,
/// --within (how long it may take to hold; none: it must hold at the first look) and --for (how
/// long it must then keep holding; none: one look that holds is enough).
/// </summary>
public sealed record AssertOptions(Assertion Assertion, TimeSpan? Within, TimeSpan? For)
{
    public static AssertOptions Create(string? that, TimeSpan? within, TimeSpan? holdFor, int nodes)
    {
        if (that is null)
            throw new UserErrorException("Assert needs --that \"<expression>\", for example --that \"height >= 50 on all and api serving\".\n" + AssertionWords.Grammar);
        var assertion = AssertionParser.Parse(that);
        if (within is { } w && w <= TimeSpan.Zero)
            throw new UserErrorException($"--within {w.TotalSeconds:0.###}s is not valid: give a positive duration (60s, 2m), or leave it out to look once.");
        if (holdFor is { } f && f <= TimeSpan.Zero)
            throw new UserErrorException($"--for {f.TotalSeconds:0.###}s is not valid: give a positive duration (10s, 1m), or leave it out to accept one look.");
        foreach (var condition in assertion.Conditions)
            if (condition is NodeMetricCondition { Nodes.Which: NodeSelection.Kind.Range } c && c.Nodes.To > nodes)
                throw new UserErrorException($"'{c.Text}' names node {c.Nodes.To}, but the stack has {nodes} nodes (WAVELET_NODES); use 1..{nodes} or 'all'.");
        return new AssertOptions(assertion, within, holdFor);
    }

    /// <summary>Whether any clause reads the benchmark's output (read only then: it costs a log read per instance).</summary>
    public bool NeedsBenchmark => Assertion.Conditions.Any(c => c is BenchmarkMetricCondition);

    /// <summary>Whether a clause needs Docker's health of the tasks (read only then: an engine call per task).</summary>
    public bool NeedsHealth => Assertion.Conditions.Any(c => c is HealthyCondition);
}
