using System.Diagnostics;
using WaveletStack.Agent.Etcd;
using WaveletStack.Agent.LoadBalancer;
using WaveletStack.Agent.Processes;

namespace WaveletStack.Agent.Tests.Integration;

/// <summary>
/// HaproxyRunner against Debian's haproxy as a host process: every change is confirmed by asking
/// the running worker for the configuration's id, and a reload HAProxy dropped is signalled again.
/// </summary>
[Collection(Processes.Collection)]
public sealed class HaproxyRunnerTests : IAsyncLifetime
{
    readonly TempRoot root = new();
    readonly CancellationTokenSource stop = new();
    HaproxyRunner runner = null!;
    Task running = Task.CompletedTask;
    HaproxyRuntime runtime = null!;

    public async Task InitializeAsync()
    {
        if (!File.Exists("/usr/sbin/haproxy"))
            throw new InvalidOperationException("haproxy is not installed; these tests need it: apt-get install -y haproxy");
        runner = new HaproxyRunner(root.Paths.HaproxyConfig, root.Paths.HaproxySocket);
        runtime = new HaproxyRuntime(root.Paths.HaproxySocket);
        Assert.True(await runner.ApplyAsync(Config(slots: 1), stop.Token));
        running = runner.RunAsync(stop.Token);
        await Eventually.HoldsAsync(async () => await runtime.RunningConfigIdAsync(stop.Token) == runner.LoadedId, TimeSpan.FromSeconds(15), () => "");
    }

    [Fact]
    public async Task ApplyAsync_SixChangesBackToBack_EachIsRunningWhenItReturns()
    {
        var watch = Stopwatch.StartNew();
        for (var slots = 2; slots <= 7; slots++)
        {
            Assert.True(await runner.ApplyAsync(Config(slots), stop.Token));
            Assert.Equal(HaproxyRunner.Id(Config(slots)), await runtime.RunningConfigIdAsync(stop.Token));
        }
        Console.WriteLine($"six confirmed reloads in {watch.ElapsedMilliseconds} ms");
    }

    [Fact]
    public async Task ApplyAsync_WhileSomethingElseKeepsReloadingHaproxy_EndsRunningWhatItApplied()
    {
        // SIGUSR2s arriving while the master re-executes itself are dropped: the race that once
        // left a stack's load balancer on an old configuration. Provoke it on purpose.
        var master = Process.GetProcessesByName("haproxy").Where(p => IsOurs(p)).OrderBy(p => p.StartTime).First();
        using var storm = new CancellationTokenSource(TimeSpan.FromSeconds(1.5));
        var signalling = Task.Run(async () =>
        {
            while (!storm.IsCancellationRequested)
            {
                Signals.Send(master.Id, Signals.SIGUSR2);
                await Task.Delay(20);
            }
        });

        var applied = await runner.ApplyAsync(Config(4), stop.Token);
        await signalling;

        Assert.True(applied);
        await Eventually.HoldsAsync(async () => await runtime.RunningConfigIdAsync(stop.Token) == HaproxyRunner.Id(Config(4)),
            TimeSpan.FromSeconds(10), () => "");
    }

    [Fact]
    public async Task ApplyAsync_AConfigurationHaproxyRejects_ReturnsFalseAndTheLastGoodOneKeepsRunning()
    {
        var good = runner.LoadedId;

        var applied = await runner.ApplyAsync(Config(2).Replace("mode http\n    option", "mode nonsense\n    option"), stop.Token);

        Assert.False(applied);
        Assert.Equal(good, await runtime.RunningConfigIdAsync(stop.Token));
    }

    bool IsOurs(Process process)
    {
        try { return File.ReadAllText($"/proc/{process.Id}/cmdline").Contains(root.Paths.HaproxyConfig); }
        catch (IOException) { return false; }
    }

    static readonly int Offset = Random.Shared.Next(20000, 40000);

    static string Config(int slots) => HaproxyConfig.Render(
        new LoadBalancerSettings(slots, NoRpc: true, ApiHost: null, MaxConn: 100, PortOffset: Offset, Sync: ""),
        new Dictionary<int, NodeRecord>());

    public async Task DisposeAsync()
    {
        stop.Cancel();
        await running;
        root.Dispose();
    }
}
