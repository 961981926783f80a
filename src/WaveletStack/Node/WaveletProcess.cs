namespace WaveletStack.Node;

/// <summary>
/// Stops and restarts `/wavelet` inside a node through the agent's pause hook (docs/architecture.md):
/// while `/tmp/wavelet.exit` exists the agent keeps `/wavelet` stopped; the container stays up.
/// </summary>
public static class WaveletProcess
{
    const string Stop = """
        touch /tmp/wavelet.exit
        pkill -x wavelet
        i=0
        while pgrep -x wavelet >/dev/null; do
          i=$((i+1))
          [ $i -eq 100 ] && pkill -9 -x wavelet
          [ $i -ge 150 ] && { echo "wavelet did not stop" >&2; exit 1; }
          sleep 0.2
        done
        """;

    public static Task StopAsync(NodeContainer node, CancellationToken cancellationToken) =>
        ContainerExec.ShellCheckedAsync(node, "stop /wavelet", Stop, cancellationToken);

    public static Task StartAsync(NodeContainer node, CancellationToken cancellationToken) =>
        ContainerExec.ShellCheckedAsync(node, "restart /wavelet", "rm -f /tmp/wavelet.exit", cancellationToken);
}
