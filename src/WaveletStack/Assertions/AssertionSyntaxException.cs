namespace WaveletStack.Assertions;

/// <summary>
/// An Assert expression that does not parse: the message names the column, shows the expression
/// with a caret under it, says what was expected there and lists the language (a usage error).
/// </summary>
public sealed class AssertionSyntaxException(string expression, int column, string problem)
    : UserErrorException(Describe(expression, column, problem))
{
    /// <summary>1-based column of the character where the expression stops making sense.</summary>
    public int Column { get; } = column;

    static string Describe(string expression, int column, string problem) =>
        $"--that: column {column}: {problem}\n  {expression}\n  {new string(' ', column - 1)}^\n{AssertionWords.Grammar}";
}
