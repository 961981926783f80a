using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace WaveletStack.Node;

/// <summary>
/// The user's terminal (or any pseudo-terminal): its input and output streams, its size, and raw
/// mode so that keys reach the container one by one. Termios is set through libc directly:
/// spawning `stty` would race .NET's own console handling.
/// </summary>
public sealed class Terminal(int fd, Stream input, Stream output)
{
    public Stream Input => input;
    public Stream Output => output;

    /// <summary>The process's own terminal, or null when stdin or stdout is not one (a pipe, a file, CI).</summary>
    public static Terminal? Console() =>
        IsTty(0) && IsTty(1)
            ? new Terminal(0, new FileStream(new SafeFileHandle(0, false), FileAccess.Read, 1),
                new FileStream(new SafeFileHandle(1, false), FileAccess.Write, 1))
            : null;

    /// <summary>A terminal over a pseudo-terminal's slave side (used by tests).</summary>
    public static Terminal FromFd(int fd) =>
        new(fd, new FileStream(new SafeFileHandle(fd, false), FileAccess.Read, 1),
            new FileStream(new SafeFileHandle(fd, false), FileAccess.Write, 1));

    /// <summary>The same terminal with local echo and line editing, sending whole lines.</summary>
    public Terminal WithLineEditing() => new(fd, new LineEditingStream(input, output), output);

    public static bool IsTty(int fd) => OperatingSystem.IsLinux() && isatty(fd) == 1;

    /// <summary>Columns and rows, when the terminal knows them.</summary>
    public (int Columns, int Rows)? Size()
    {
        var size = new ushort[4];
        return ioctl(fd, TIOCGWINSZ, size) == 0 && size[1] > 0 ? (size[1], size[0]) : null;
    }

    /// <summary>
    /// Raw input until disposed. With <paramref name="translateOutput"/> the terminal still turns
    /// "\n" into "\r\n" (for containers without a TTY of their own, whose output is plain lines).
    /// </summary>
    public IDisposable Raw(bool translateOutput = false)
    {
        var saved = new byte[TermiosSize];
        if (tcgetattr(fd, saved) != 0) throw new IOException($"Cannot read the terminal's settings (errno {Marshal.GetLastWin32Error()}).");
        var raw = (byte[])saved.Clone();
        cfmakeraw(raw);
        if (translateOutput) raw[OutputFlagsOffset] |= OPOST | ONLCR;
        tcsetattr(fd, TCSANOW, raw);
        return new Restore(() => tcsetattr(fd, TCSANOW, saved));
    }

    sealed class Restore(Action action) : IDisposable
    {
        int done;
        public void Dispose() { if (Interlocked.Exchange(ref done, 1) == 0) action(); }
    }

    // struct termios on Linux is 60 bytes; a larger buffer keeps us safe on other layouts.
    const int TermiosSize = 256;
    const int OutputFlagsOffset = 4; // c_iflag, then c_oflag (little-endian: low byte first)
    const byte OPOST = 0x01, ONLCR = 0x04;
    const int TCSANOW = 0;
    const ulong TIOCGWINSZ = 0x5413;

    [DllImport("libc", SetLastError = true)] static extern int isatty(int fd);
    [DllImport("libc", SetLastError = true)] static extern int tcgetattr(int fd, [Out] byte[] termios);
    [DllImport("libc", SetLastError = true)] static extern int tcsetattr(int fd, int action, byte[] termios);
    [DllImport("libc")] static extern void cfmakeraw([In, Out] byte[] termios);
    [DllImport("libc", SetLastError = true)] static extern int ioctl(int fd, ulong request, [Out] ushort[] size);
}
