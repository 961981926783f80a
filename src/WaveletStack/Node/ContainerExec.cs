using System.Text;
using Docker.DotNet;
using Docker.DotNet.Models;

namespace WaveletStack.Node;

/// <summary>What a command run in a container printed, and how it ended.</summary>
public sealed record ExecResult(long ExitCode, string Stdout, string Stderr)
{
    public bool Succeeded => ExitCode == 0;
}

/// <summary>Runs commands inside a container through its host's engine (docker exec).</summary>
public static class ContainerExec
{
    /// <summary>
    /// Runs <paramref name="command"/> with its output streamed to <paramref name="stdout"/> and
    /// <paramref name="stderr"/> and <paramref name="stdin"/> (when given) fed to it; returns its exit code.
    /// </summary>
    public static async Task<long> RunAsync(NodeContainer node, IReadOnlyList<string> command, Stream? stdin,
        Stream stdout, Stream stderr, CancellationToken cancellationToken)
    {
        var exec = await CreateAsync(node, command, tty: false, stdin is not null, cancellationToken);
        using (var stream = await node.Engine.Exec.StartAndAttachContainerExecAsync(exec, false, cancellationToken))
        {
            // Stdin is copied in the background: a command may end before reading all of it.
            var feeding = stdin is null ? Task.CompletedTask : FeedAsync(stream, stdin, cancellationToken);
            await stream.CopyOutputToAsync(Stream.Null, stdout, stderr, cancellationToken);
            await Task.WhenAny(feeding, Task.Delay(100, cancellationToken));
        }
        return await ExitCodeAsync(node, exec, cancellationToken);
    }

    /// <summary>Runs a `sh -c` script and captures its output (for the tool's own small steps).</summary>
    public static Task<ExecResult> ShellAsync(NodeContainer node, string script, CancellationToken cancellationToken,
        params string[] args) =>
        RunCapturedAsync(node, ["sh", "-c", script, "sh", .. args], cancellationToken);

    public static async Task<ExecResult> RunCapturedAsync(NodeContainer node, IReadOnlyList<string> command, CancellationToken cancellationToken)
    {
        using var stdout = new MemoryStream();
        using var stderr = new MemoryStream();
        var code = await RunAsync(node, command, null, stdout, stderr, cancellationToken);
        return new ExecResult(code, Encoding.UTF8.GetString(stdout.ToArray()), Encoding.UTF8.GetString(stderr.ToArray()));
    }

    /// <summary>Like <see cref="ShellAsync"/>, but a failure is an error naming what failed.</summary>
    public static async Task<string> ShellCheckedAsync(NodeContainer node, string what, string script,
        CancellationToken cancellationToken, params string[] args)
    {
        var result = await ShellAsync(node, script, cancellationToken, args);
        return result.Succeeded ? result.Stdout
            : throw new UserErrorException($"Could not {what} in {node} (exit {result.ExitCode}): {FirstLine(result.Stderr + result.Stdout)}");
    }

    public static async Task<string> CreateAsync(NodeContainer node, IReadOnlyList<string> command, bool tty, bool stdin,
        CancellationToken cancellationToken)
    {
        try
        {
            var created = await node.Engine.Exec.ExecCreateContainerAsync(node.ContainerId, new ContainerExecCreateParameters
            {
                Cmd = command.ToList(),
                Tty = tty,
                AttachStdin = stdin,
                AttachStdout = true,
                AttachStderr = true,
                Env = tty ? [$"TERM={Environment.GetEnvironmentVariable("TERM") ?? "xterm"}"] : null,
            }, cancellationToken);
            return created.ID;
        }
        catch (DockerApiException e) when (e.StatusCode is System.Net.HttpStatusCode.Conflict or System.Net.HttpStatusCode.NotFound)
        {
            // Swarm replaced the task (unhealthy, updated, or its host left): this container is gone for good.
            throw new UserErrorException($"{node}'s container {node.ContainerId[..12]} is no longer running; see why with " +
                $"`docker service ps --no-trunc {node.Id.ServiceName(node.Stack)}` and `./build.sh Logs --node {node.Id} --stack {node.Stack}`.");
        }
    }

    public static async Task<long> ExitCodeAsync(NodeContainer node, string exec, CancellationToken cancellationToken)
    {
        // The exit code is set a moment after the output ends; poll briefly instead of guessing.
        for (var attempt = 0; ; attempt++)
        {
            var inspect = await node.Engine.Exec.InspectContainerExecAsync(exec, cancellationToken);
            if (!inspect.Running || attempt >= 100) return inspect.ExitCode;
            await Task.Delay(50, cancellationToken);
        }
    }

    static async Task FeedAsync(MultiplexedStream stream, Stream stdin, CancellationToken cancellationToken)
    {
        try
        {
            await stream.CopyFromAsync(stdin, cancellationToken);
            stream.CloseWrite();
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or OperationCanceledException)
        {
            // The command ended first and closed its side: nothing left to feed.
        }
    }

    static string FirstLine(string text) => text.Trim().Split('\n').FirstOrDefault()?.Trim() ?? "";
}
