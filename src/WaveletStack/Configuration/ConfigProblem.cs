namespace WaveletStack.Configuration;

/// <summary>A bad (error) or doubtful (warning) value; <see cref="Message"/> is one line naming the key.</summary>
public sealed record ConfigProblem(string Key, string Message, bool IsError = true)
{
    public static ConfigProblem Error(string key, string message) => new(key, message);
    public static ConfigProblem Warning(string key, string message) => new(key, message, false);

    public override string ToString() => Message;
}
