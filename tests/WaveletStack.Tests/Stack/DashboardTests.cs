using System.Diagnostics;
using System.Text.RegularExpressions;
using WaveletStack.Stack;
using WaveletStack.Tests.Images;
using Xunit;
using Xunit.Abstractions;

namespace WaveletStack.Tests.Stack;

/// <summary>
/// The dashboard page of a 5-node simulator stack (WAVELET_METRICS=yes), rendered by headless
/// Chromium (Debian's `chromium`, installed by .ci/run) as a person's browser would: the node
/// table lists the 5 nodes and the height chart has points. The screenshot is kept in
/// artifacts/dashboard/ to look at.
/// </summary>
[Collection(ImagesCollection.Name)]
public sealed partial class DashboardTests(StackFixture stack, ITestOutputHelper output) : IClassFixture<StackFixture>
{
    static readonly (string, string)[] Settings = [("WAVELET_METRICS", "yes"), ("WAVELET_NODES", "5")];

    [Fact]
    public async Task Dashboard_InHeadlessChromium_ListsTheFiveNodesAndChartsTheirHeight()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(8));
        await stack.DeployAsync(timeout.Token, Settings);
        await stack.Lifecycle(Settings).WaitHealthyAsync(TimeSpan.FromMinutes(3), timeout.Token);
        var status = await new StatusReader(stack.Engine, stack.Configuration(Settings)).ReadAsync(timeout.Token);
        Assert.NotNull(status.Dashboard);

        // Charts need history: wait until Prometheus holds two scrapes of all five nodes.
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while ((await PrometheusApi.QueryAsync(http, status.Prometheus!, "count(count_over_time(wavelet_block_height[1m]) >= 2)", timeout.Token)).Value is not >= 5)
        {
            Assert.True(DateTime.UtcNow < deadline, "Prometheus did not hold two scrapes of five nodes within 90 s");
            await Task.Delay(1000, timeout.Token);
        }

        var folder = Path.Combine(ImagesFixture.RepositoryRoot(), "artifacts", "dashboard");
        Directory.CreateDirectory(folder);
        var screenshot = Path.Combine(folder, "dashboard-5-nodes.png");
        File.Delete(screenshot);
        await ChromiumAsync(timeout.Token, $"--screenshot={screenshot}", status.Dashboard!);
        var dom = await ChromiumAsync(timeout.Token, "--dump-dom", status.Dashboard!);
        output.WriteLine($"screenshot: {screenshot}");

        Assert.True(new FileInfo(screenshot).Length > 10_000, "the screenshot is (nearly) empty");
        Assert.Equal(["1", "2", "3", "4", "5"], NodeRow().Matches(dom).Select(m => m.Groups[1].Value).ToArray());
        var points = int.Parse(Points().Match(dom).Groups[1].Value);
        Assert.True(points >= 5 * 2, $"the height chart has {points} points; wanted at least two per node\n{dom}");
        Assert.StartsWith("5 nodes; last 15 min; updated ", StateLine().Match(dom).Groups[1].Value); // not "Prometheus did not answer: …"
    }

    /// <summary>
    /// Headless Chromium, given virtual time for the page's first refresh to finish (its fetches
    /// and drawing); the output is what --dump-dom prints. --no-sandbox: tests run as root here.
    /// </summary>
    async Task<string> ChromiumAsync(CancellationToken cancellationToken, params string[] args)
    {
        var start = new ProcessStartInfo("chromium") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--window-size=1400,900",
                     "--virtual-time-budget=8000", $"--user-data-dir={Path.Combine(Path.GetTempPath(), $"wst-chromium-{Guid.NewGuid():N}")}" }.Concat(args))
            start.ArgumentList.Add(arg);
        using var process = Process.Start(start) ?? throw new InvalidOperationException("chromium did not start");
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(TimeSpan.FromMinutes(2));
        try { await process.WaitForExitAsync(limit.Token); }
        finally { if (!process.HasExited) process.Kill(entireProcessTree: true); }
        Assert.True(process.ExitCode == 0, $"chromium {string.Join(' ', args)} exited {process.ExitCode}: {await stderr}");
        return await stdout;
    }

    [GeneratedRegex("<tr data-node=\"([0-9]+)\"")] private static partial Regex NodeRow();
    [GeneratedRegex("id=\"chart-height\"[^>]*data-points=\"([0-9]+)\"")] private static partial Regex Points();
    [GeneratedRegex("<div id=\"state\">([^<]*)</div>")] private static partial Regex StateLine();
}
