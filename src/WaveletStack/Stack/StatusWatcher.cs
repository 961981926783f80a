using WaveletStack.Output;

namespace WaveletStack.Stack;

/// <summary>
/// Status --watch: redraws the status in place on a terminal about once a second until
/// cancelled (Ctrl-C); in CI and pipes it prints the status again every few seconds instead.
/// </summary>
public static class StatusWatcher
{
    public static async Task WatchAsync(Func<CancellationToken, Task<string>> render, CancellationToken cancellationToken)
    {
        var interval = Ui.IsInteractive ? TimeSpan.FromSeconds(1) : TimeSpan.FromSeconds(5);
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                var text = await render(cancellationToken);
                if (Ui.IsInteractive) Ui.Out.Write("\u001b[H\u001b[2J" + text);
                else Ui.Out.WriteLine($"--- {DateTime.Now:HH:mm:ss}{Environment.NewLine}{text}");
                Ui.Out.Flush();
                await Task.Delay(interval, cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Ctrl-C is how a watch ends.
        }
    }
}
