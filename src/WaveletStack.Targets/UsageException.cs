namespace WaveletStack.Targets;

/// <summary>The command line, a parameter value or the build's own declarations are wrong: exit code 2.</summary>
public sealed class UsageException(string message) : Exception(message);
