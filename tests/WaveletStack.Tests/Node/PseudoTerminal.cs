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

    public void Dispose()
    {
        close(Slave);
        close(Master);
    }

    [DllImport("libc", SetLastError = true)] static extern int openpty(out int master, out int slave, IntPtr name, IntPtr termios, IntPtr size);
    [DllImport("libc")] static extern int close(int fd);
}
