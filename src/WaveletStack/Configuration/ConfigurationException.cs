namespace WaveletStack.Configuration;

/// <summary>A configuration with bad values: every error, one line each, in one message.</summary>
public sealed class ConfigurationException(IReadOnlyList<ConfigProblem> problems)
    : UserErrorException(
        // One error is one sentence; several are listed one a line.
        problems.Count == 1 ? $"{problems[0].Message.TrimEnd('.')}; nothing was changed."
        : $"The configuration has {problems.Count} errors; fix them and try again (nothing was changed):" + System.Environment.NewLine +
          string.Join(System.Environment.NewLine, problems.Select(p => "  " + p.Message)))
{
    public IReadOnlyList<ConfigProblem> Problems { get; } = problems;
}
