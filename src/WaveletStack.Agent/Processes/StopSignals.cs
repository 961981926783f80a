using System.Runtime.InteropServices;

namespace WaveletStack.Agent.Processes;

/// <summary>
/// Why the agent stops, and so its exit code. SIGTERM and SIGINT stop it as a failure would
/// (128 + the signal, the shell's convention): the node service restarts on failure, so a
/// container stopped by hand comes back. SIGUSR1 retires it (exit 0): a scale-down sends it to
/// the nodes above the new count first, so swarm, which would otherwise pick any slot to remove,
/// finds exactly those slots done and drops them.
/// </summary>
public sealed class StopSignals : IDisposable
{
    readonly CancellationTokenSource stop = new();
    readonly PosixSignalRegistration[] registrations;
    int signal;

    public StopSignals()
    {
        registrations =
        [
            PosixSignalRegistration.Create(PosixSignal.SIGTERM, On),
            PosixSignalRegistration.Create(PosixSignal.SIGINT, On),
            PosixSignalRegistration.Create((PosixSignal)Signals.SIGUSR1, On), // .NET takes raw numbers on Unix
        ];
    }

    public CancellationToken Token => stop.Token;

    /// <summary>0 when retired or when nothing stopped it, else 128 + the first stop signal.</summary>
    public int ExitCode => signal is 0 or Signals.SIGUSR1 ? 0 : 128 + signal;

    void On(PosixSignalContext context)
    {
        context.Cancel = true; // the agent ends its work (a node leaves the stack first), then exits
        Interlocked.CompareExchange(ref signal, SignalNumber(context.Signal), 0);
        stop.Cancel();
    }

    static int SignalNumber(PosixSignal posix) => posix switch
    {
        PosixSignal.SIGTERM => Signals.SIGTERM,
        PosixSignal.SIGINT => Signals.SIGINT,
        _ => (int)posix,
    };

    public void Dispose()
    {
        foreach (var registration in registrations) registration.Dispose();
        stop.Dispose();
    }
}
