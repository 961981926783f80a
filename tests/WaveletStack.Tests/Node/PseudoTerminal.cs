using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace WaveletStack.Tests.Node;

/// <summary>A real pseudo-terminal (openpty): the code under test gets the slave side, the test types on the master.</summary>
public sealed class PseudoTerminal : IDisposable
{
    public int Master { get; }
    public int Slave { get; }
    public FileStream MasterStream { get; }

    public PseudoTerminal()
    {
        if (openpty(out var master, out var slave, IntPtr.Zero, IntPtr.Zero, IntPtr.Zero) != 0)
            throw new InvalidOperationException($"openpty failed (errno {Marshal.GetLastWin32Error()}).");
        (Master, Slave) = (master, slave);
        MasterStream = new FileStream(new SafeFileHandle(master, false), FileAccess.ReadWrite, 1);
    }

    /// <summary>Reads what the terminal shows until <paramref name="text"/> appears; returns all of it.</summary>
    public async Task<string> ReadUntilAsync(string text, CancellationToken cancellationToken)
    {
        var seen = new System.Text.StringBuilder();
        var buffer = new byte[4096];
        while (!seen.ToString().Contains(text))
        {
            // A pty read cannot be cancelled; WaitAsync lets the timeout end the test anyway.
            var count = await MasterStream.ReadAsync(buffer, cancellationToken).AsTask().WaitAsync(cancellationToken);
            if (count == 0) break;
            seen.Append(System.Text.Encoding.UTF8.GetString(buffer, 0, count));
        }
        return seen.ToString();
    }

    public void Dispose()
    {
        close(Slave);
        close(Master);
    }

    [DllImport("libc", SetLastError = true)] static extern int openpty(out int master, out int slave, IntPtr name, IntPtr termios, IntPtr size);
    [DllImport("libc")] static extern int close(int fd);
}
