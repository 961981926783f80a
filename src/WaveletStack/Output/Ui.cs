namespace WaveletStack.Output;

/// <summary>
/// Console output shared by every area: plain lines in CI logs and pipes, colour and in-place
/// progress only on a terminal (and never when NO_COLOR is set).
/// </summary>
public static class Ui
{
    static readonly object Gate = new();

    /// <summary>True when standard output is a terminal that can redraw a line in place.</summary>
    public static bool IsInteractive { get; set; } =
        !Console.IsOutputRedirected && Environment.GetEnvironmentVariable("CI") is null or "" or "false";

    public static bool UseColor { get; set; } =
        IsInteractive && Environment.GetEnvironmentVariable("NO_COLOR") is null && Environment.GetEnvironmentVariable("TERM") != "dumb";

    public static TextWriter Out { get; set; } = Console.Out;
    public static TextWriter Error { get; set; } = Console.Error;

    public static void Info(string message) => Line(Out, message, null);
    public static void Success(string message) => Line(Out, message, "32");
    public static void Warn(string message) => Line(Error, "warning: " + message, "33");
    public static void Fail(string message) => Line(Error, "error: " + message, "31");

    /// <summary>A question on the current line (the answer is typed after it); see <see cref="Prompt"/>.</summary>
    public static void Ask(string question)
    {
        lock (Gate)
        {
            if (progressOpen) { Out.WriteLine(); progressOpen = false; }
            Out.Write(question);
            Out.Flush();
        }
    }

    /// <summary>
    /// A progress line: redrawn in place on a terminal. Elsewhere (CI, a log file) printed only
    /// when <paramref name="message"/> changes, and then at most every <see cref="QuietProgressEvery"/>
    /// (the first line of a wait at once): a 3-minute wait once wrote 700 identical lines. A change
    /// held back is printed by <see cref="EndProgress"/>, so the log always ends with the last state.
    /// <paramref name="detail"/> (an elapsed time, say) is shown but is not a change.
    /// </summary>
    public static void Progress(string message, string? detail = null)
    {
        lock (Gate)
        {
            var text = detail is null ? message : $"{message}, {detail}";
            if (IsInteractive)
            {
                Out.Write("\r\u001b[2K" + text);
                Out.Flush();
                progressOpen = true;
                return;
            }
            if (message == printedMessage) { pending = null; return; }
            if (printedMessage is null || DateTime.UtcNow - lastPrinted >= QuietProgressEvery) Print(message, text);
            else pending = (message, text);
        }
    }

    public static readonly TimeSpan QuietProgressEvery = TimeSpan.FromSeconds(5);

    /// <summary>Ends a progress line so that what follows starts on a fresh line.</summary>
    public static void EndProgress()
    {
        lock (Gate)
        {
            if (progressOpen) Out.WriteLine();
            if (pending is { } last) Out.WriteLine(last.Text);
            progressOpen = false;
            printedMessage = null;
            pending = null;
        }
    }

    static void Print(string message, string text)
    {
        Out.WriteLine(text);
        printedMessage = message;
        lastPrinted = DateTime.UtcNow;
        pending = null;
    }

    static string? printedMessage;
    static (string Message, string Text)? pending;
    static DateTime lastPrinted;
    static bool progressOpen;

    static void Line(TextWriter writer, string message, string? color)
    {
        lock (Gate)
        {
            if (progressOpen) { Out.WriteLine(); progressOpen = false; }
            writer.WriteLine(UseColor && color is not null ? $"\u001b[{color}m{message}\u001b[0m" : message);
        }
    }
}
