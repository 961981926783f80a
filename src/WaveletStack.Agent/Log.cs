namespace WaveletStack.Agent;

/// <summary>
/// The agent's lines in the container's output (stderr, so they interleave with /wavelet's and
/// HAProxy's own lines). Never pass a secret here.
/// </summary>
public static class Log
{
    public static void Info(string message) => Write("INF", message);
    public static void Warn(string message) => Write("WRN", message);
    public static void Error(string message) => Write("ERR", message);

    static void Write(string level, string message) =>
        Console.Error.WriteLine($"{DateTime.UtcNow:HH:mm:ss.fff} {level} wavelet-agent: {message}");
}
