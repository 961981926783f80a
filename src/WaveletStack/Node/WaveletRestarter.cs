using WaveletStack.Output;

namespace WaveletStack.Node;

/// <summary>
/// RestartWavelet: restarts the /wavelet process in every node at once, containers untouched:
/// each node's /wavelet is killed and the agent supervising it starts it again; the restart is
/// confirmed by a new process id within a few seconds.
/// </summary>
public sealed class WaveletRestarter(NodeLocator locator)
{
    const string Script = """
        old=$(pgrep -x wavelet)
        [ -n "$old" ] || { echo "no wavelet process is running" >&2; exit 1; }
        pkill -x wavelet
        tries=0
        while [ $tries -lt 200 ]; do
          new=$(pgrep -x wavelet)
          [ -n "$new" ] && [ "$new" != "$old" ] && exit 0
          tries=$((tries + 1)); sleep 0.05
        done
        echo "wavelet did not come back within 10 s" >&2; exit 1
        """;

    public async Task<int> RestartAsync(CancellationToken cancellationToken)
    {
        var nodes = await locator.AllWaveletNodesAsync(cancellationToken);
        await Task.WhenAll(nodes.Select(node => ContainerExec.ShellCheckedAsync(node, "restart wavelet", Script, cancellationToken)));
        Ui.Success($"Restarted wavelet in {nodes.Count} node{(nodes.Count == 1 ? "" : "s")} of {locator.Stack}.");
        return nodes.Count;
    }
}
