namespace WaveletStack.Output;

/// <summary>Questions to the user, only when someone is at a terminal to answer them.</summary>
public static class Prompt
{
    /// <summary>A prompt reading from the terminal, or null when input or output is redirected (CI, pipes).</summary>
    public static Func<string, string?>? ForTerminal()
    {
        if (Console.IsInputRedirected || Console.IsOutputRedirected) return null;
        return question =>
        {
            Ui.Ask(question);
            return Console.ReadLine();
        };
    }

    /// <summary>Reads one answer line at a terminal; null when nobody is there to answer.</summary>
    public static Func<string?>? AskLine() => ForTerminal() is { } ask ? () => ask("> ") : null;
}
