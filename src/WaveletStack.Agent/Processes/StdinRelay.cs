namespace WaveletStack.Agent.Processes;

/// <summary>
/// Copies the container's stdin into the current /wavelet's stdin pipe, so `docker attach`
/// reaches the node's console across restarts. The pipe itself stays open for the child's
/// whole life even when the container's stdin ends: the node stops when its stdin closes.
/// </summary>
public sealed class StdinRelay
{
    volatile Stream? target;

    public void Attach(Stream childStdin) => target = childStdin;

    public void Start()
    {
        var thread = new Thread(Pump) { IsBackground = true, Name = "stdin relay" };
        thread.Start();
    }

    void Pump()
    {
        using var stdin = Console.OpenStandardInput();
        var buffer = new byte[4096];
        int read;
        while ((read = stdin.Read(buffer, 0, buffer.Length)) > 0)
        {
            try { target?.Write(buffer, 0, read); target?.Flush(); }
            catch (IOException) { } // the child just exited; its successor gets the next line
            catch (ObjectDisposedException) { }
        }
    }
}
