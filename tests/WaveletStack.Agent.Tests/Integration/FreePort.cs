using System.Net;
using System.Net.Sockets;

namespace WaveletStack.Agent.Tests.Integration;

public static class FreePort
{
    // Below Linux's ephemeral range (32768–60999): a port the kernel handed out for bind(0) goes
    // back to that pool, and with nodes dialling each other every 100 ms an outgoing connection
    // took it as its source port before the node under test could listen on it.
    const int First = 20000, Last = 32000;
    static int next = First + Environment.ProcessId % 1000 * 10;

    /// <summary>A loopback port nobody listens on right now, outside the ephemeral range.</summary>
    public static int Next()
    {
        for (var tries = 0; tries < Last - First; tries++)
        {
            var port = First + (Interlocked.Increment(ref next) - First) % (Last - First);
            try
            {
                using var listener = new TcpListener(IPAddress.Loopback, port);
                listener.Start();
                return port;
            }
            catch (SocketException) { }
        }
        throw new InvalidOperationException($"no free loopback port between {First} and {Last}");
    }
}
