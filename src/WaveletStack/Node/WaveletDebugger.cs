namespace WaveletStack.Node;

/// <summary>
/// `DebugWavelet`: delve attached to the node's running `/wavelet`, with a terminal. The
/// simulator (a .NET program) is no Go process: that is said plainly instead of letting delve fail.
/// </summary>
public static class WaveletDebugger
{
    // A Go binary, even stripped, keeps its runtime's symbol names for stack traces.
    const string Probe = """
        pid=$(pgrep -x wavelet | head -n 1)
        [ -n "$pid" ] || { echo none; exit 0; }
        if grep -q runtime.goexit "/proc/$pid/exe"; then echo "go $pid"; else echo "other $pid"; fi
        """;

    public static async Task<int> RunAsync(NodeContainer node, Terminal? terminal, CancellationToken cancellationToken)
    {
        if (!node.Id.IsWavelet)
            throw new UserErrorException($"DebugWavelet needs a Wavelet node (1…N), not '{node.Id}'.");
        if (terminal is null)
            throw new UserErrorException("DebugWavelet needs a terminal (stdin and stdout are not one); run it from an interactive shell.");
        var probe = (await ContainerExec.ShellCheckedAsync(node, "find the wavelet process", Probe, cancellationToken)).Trim().Split(' ');
        if (probe[0] == "none")
            throw new UserErrorException($"No /wavelet process runs in {node} now; check `./build.sh Logs --node {node.Id}`.");
        if (probe[0] != "go")
            throw new UserErrorException($"{node} runs the Wavelet simulator (not a Go program): there is no Go process to debug; deploy a real Wavelet image (WAVELET_TAG) to use delve.");
        if (!(await ContainerExec.ShellAsync(node, "command -v dlv", cancellationToken)).Succeeded)
            throw new UserErrorException($"{node} has no delve (`dlv`); rebuild the node image with `./build.sh BuildImages`.");
        return await NodeShell.RunWithTerminalAsync(node, ["dlv", "attach", probe[1]], terminal, cancellationToken);
    }
}
