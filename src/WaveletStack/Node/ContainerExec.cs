using System.Text;
using Docker.DotNet;
using Docker.DotNet.Models;

namespace WaveletStack.Node;

/// <summary>What a command run in a container printed, and how it ended.</summary>
public sealed record ExecResult(long ExitCode, string Stdout, string Stderr)
{
    public bool Succeeded => ExitCode == 0;
}

/// <summary>
/// Runs commands inside a container through its host's engine (docker exec). The tool's own
/// steps end by a deadline (<see cref="StepTimeout"/>, or the caller's): a node that is stopped
/// or hung holds an exec open forever, and a target must end with a sentence, not hang.
/// </summary>
public static class ContainerExec
{
    /// <summary>The longest one of the tool's own steps in a container may take (a database copy included).</summary>
    public static readonly TimeSpan StepTimeout = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Runs <paramref name="command"/> with its output streamed to <paramref name="stdout"/> and
    /// <paramref name="stderr"/> and <paramref name="stdin"/> (when given) fed to it; returns its
    /// exit code. With <paramref name="deadline"/>, a command still running then is an
    /// <see cref="ExecTimeoutException"/>; without, it runs until it ends or Ctrl-C (a command the
    /// user typed, in Shell, takes as long as the user wants).
    /// </summary>
    public static async Task<long> RunAsync(NodeContainer node, IReadOnlyList<string> command, Stream? stdin,
        Stream stdout, Stream stderr, CancellationToken cancellationToken, TimeSpan? deadline = null)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (deadline is { } span) limit.CancelAfter(span);
        try
        {
            var exec = await CreateAsync(node, command, tty: false, stdin is not null, limit.Token);
            using (var stream = await node.Engine.Exec.StartAndAttachContainerExecAsync(exec, false, limit.Token))
            {
                // Stdin is copied in the background: a command may end before reading all of it.
                var feeding = stdin is null ? Task.CompletedTask : FeedAsync(stream, stdin, limit.Token);
                await stream.CopyOutputToAsync(Stream.Null, stdout, stderr, limit.Token);
                await Task.WhenAny(feeding, Task.Delay(100, limit.Token));
            }
            return await ExitCodeAsync(node, exec, limit.Token);
        }
        // Docker.DotNet ends a cancelled stream with either exception; only the deadline is ours to explain.
        catch (Exception e) when (e is OperationCanceledException or IOException && deadline is { } span2
                                  && limit.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new ExecTimeoutException(node, command, span2, e);
        }
    }

    /// <summary>Runs a `sh -c` script and captures its output (for the tool's own small steps), within <see cref="StepTimeout"/>.</summary>
    public static Task<ExecResult> ShellAsync(NodeContainer node, string script, CancellationToken cancellationToken,
        params string[] args) =>
        RunCapturedAsync(node, ["sh", "-c", script, "sh", .. args], cancellationToken);

    /// <summary>Runs a command and captures its output, within <paramref name="deadline"/> (default <see cref="StepTimeout"/>).</summary>
    public static async Task<ExecResult> RunCapturedAsync(NodeContainer node, IReadOnlyList<string> command, CancellationToken cancellationToken,
        TimeSpan? deadline = null)
    {
        using var stdout = new MemoryStream();
        using var stderr = new MemoryStream();
        var code = await RunAsync(node, command, null, stdout, stderr, cancellationToken, deadline ?? StepTimeout);
        return new ExecResult(code, Encoding.UTF8.GetString(stdout.ToArray()), Encoding.UTF8.GetString(stderr.ToArray()));
    }

    /// <summary>Like <see cref="ShellAsync"/>, but a failure is an error naming what failed.</summary>
    public static async Task<string> ShellCheckedAsync(NodeContainer node, string what, string script,
        CancellationToken cancellationToken, params string[] args)
    {
        ExecResult result;
        try { result = await ShellAsync(node, script, cancellationToken, args); }
        catch (ExecTimeoutException e) { throw new UserErrorException($"Could not {what} in {node}: {e.Message}", e); }
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

/// <summary>A command in a container did not end by its deadline (the node is stopped, hung or overloaded).</summary>
public sealed class ExecTimeoutException(NodeContainer node, IReadOnlyList<string> command, TimeSpan deadline, Exception inner) : UserErrorException(
    $"`{string.Join(' ', command.Take(2))}` in {node} did not finish within {deadline.TotalSeconds:0} s; the node may be stopped or hung " +
    $"(`./build.sh Logs --node {node.Id} --stack {node.Stack}`).", inner);
