using Docker.DotNet.Models;
using WaveletStack.Output;

namespace WaveletStack.Images;

/// <summary>
/// Follows a classic-builder output stream: shows the current step as progress and keeps the
/// step's own output, so a failure can print exactly what the failing step said.
/// </summary>
sealed class BuildOutput(string image) : IProgress<JSONMessage>
{
    const int KeptLines = 60;
    readonly List<string> stepLines = [];
    string pending = "";

    public string Step { get; private set; } = "sending the context";
    public string? Error { get; private set; }
    public IReadOnlyList<string> StepLines => stepLines;

    public void Report(JSONMessage message)
    {
        if (message.Error?.Message is { Length: > 0 } error) Error ??= error;
        else if (!string.IsNullOrEmpty(message.ErrorMessage)) Error ??= message.ErrorMessage;
        if (string.IsNullOrEmpty(message.Stream)) return;

        var text = pending + message.Stream;
        var lines = text.Split('\n');
        pending = lines[^1];
        foreach (var line in lines[..^1].Select(l => l.TrimEnd('\r')))
        {
            if (line.StartsWith("Step ", StringComparison.Ordinal))
            {
                Step = line;
                stepLines.Clear();
                Ui.Progress($"{image}: {Shorten(line)}");
            }
            else if (line.Length > 0)
            {
                stepLines.Add(line);
                if (stepLines.Count > KeptLines) stepLines.RemoveAt(0);
            }
        }
    }

    static string Shorten(string line) => line.Length > 110 ? line[..110] + "…" : line;
}
