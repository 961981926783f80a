using System.Runtime.InteropServices;

namespace WaveletStack.Agent.Processes;

/// <summary>kill(2): .NET's Process offers only SIGKILL, and graceful stops and HAProxy reloads need others.</summary>
public static partial class Signals
{
    public const int SIGINT = 2;
    public const int SIGUSR1 = 10;
    public const int SIGTERM = 15;
    public const int SIGUSR2 = 12;
    public const int SIGCONT = 18;
    public const int SIGSTOP = 19;

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);

    public static bool Send(int pid, int signal) => Kill(pid, signal) == 0;
}
