using Docker.DotNet;

namespace WaveletStack.Node;

/// <summary>How an interactive session ended.</summary>
public enum SessionEnd { Ended, Detached }

/// <summary>
/// Joins a terminal to an attached container stream: keys in, output out. When detaching is
/// allowed, Ctrl-C or Ctrl-P Ctrl-Q end the session on our side only, so the process in the
/// container never sees them (an attached console must never stop the node).
/// </summary>
public static class InteractiveSession
{
    const byte CtrlC = 0x03, CtrlP = 0x10, CtrlQ = 0x11;

    public static async Task<SessionEnd> RunAsync(MultiplexedStream stream, Terminal terminal, bool allowDetach,
        CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var output = PumpOutputAsync(stream, terminal.Output, stop.Token);
        var input = PumpInputAsync(stream, terminal.Input, allowDetach, stop.Token);
        var first = await Task.WhenAny(output, input);
        stop.Cancel();
        if (first == input && input.IsCompletedSuccessfully && input.Result) return SessionEnd.Detached;
        return cancellationToken.IsCancellationRequested ? SessionEnd.Detached : SessionEnd.Ended;
    }

    static async Task PumpOutputAsync(MultiplexedStream stream, Stream output, CancellationToken cancellationToken)
    {
        var buffer = new byte[16 * 1024];
        try
        {
            while (true)
            {
                var read = await stream.ReadOutputAsync(buffer, 0, buffer.Length, cancellationToken);
                if (read.EOF) return;
                await output.WriteAsync(buffer.AsMemory(0, read.Count), cancellationToken);
                await output.FlushAsync(cancellationToken);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException) { }
    }

    /// <summary>Returns true when the user detached, false when input ended.</summary>
    static async Task<bool> PumpInputAsync(MultiplexedStream stream, Stream input, bool allowDetach, CancellationToken cancellationToken)
    {
        var buffer = new byte[1024];
        var afterCtrlP = false;
        try
        {
            while (true)
            {
                // A terminal read cannot be cancelled; WaitAsync lets the session end without it.
                var count = await input.ReadAsync(buffer, cancellationToken).AsTask().WaitAsync(cancellationToken);
                if (count == 0) return allowDetach;
                var forward = new List<byte>(count);
                foreach (var b in buffer.AsSpan(0, count))
                {
                    if (allowDetach && (b == CtrlC || (afterCtrlP && b == CtrlQ))) return true;
                    if (afterCtrlP && b != CtrlQ) forward.Add(CtrlP);
                    afterCtrlP = allowDetach && b == CtrlP;
                    if (!afterCtrlP) forward.Add(b);
                }
                if (forward.Count > 0) await stream.WriteAsync(forward.ToArray(), 0, forward.Count, cancellationToken);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException) { return false; }
    }
}
