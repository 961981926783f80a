namespace WaveletStack.Targets;

/// <summary>
/// Thrown by a target to end the run with a given exit code, as a wrapper of another command
/// does (`Shell -- cmd` exits with cmd's code): the target counts as failed, the remaining
/// targets are not run, the summary is printed, and the process exits with <see cref="ExitCode"/>.
/// </summary>
public sealed class ExitCodeException : Exception
{
    public ExitCodeException(int exitCode, string message) : base(message)
    {
        // 0 is success (return instead); above 255 the shell would see the code modulo 256.
        if (exitCode is < 1 or > 255) throw new ArgumentOutOfRangeException(nameof(exitCode), exitCode, "An exit code from 1 to 255.");
        ExitCode = exitCode;
    }

    public int ExitCode { get; }
}
