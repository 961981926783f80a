using System.Diagnostics;
using Docker.DotNet.Models;
using WaveletStack.Configuration;
using WaveletStack.Docker;
using WaveletStack.Output;
using WaveletStack.Stack;
using WaveletStack.Tests.Configuration;
using WaveletStack.Tests.Images;
using Xunit;

namespace WaveletStack.Tests.Stack;

/// <summary>
/// The stack lease on the real engine's swarm: held, waited for, refused with --no-wait, taken
/// over when its holder is gone, shown by Status; and two real DeployStack runs of one stack at once.
/// </summary>
[Collection(ConsoleOutputCollection.Name)]
public sealed class StackLeaseTests : IAsyncLifetime
{
    readonly string stack = $"wst-t13-{Guid.NewGuid():N}"[..16];
    readonly LocalEngineConnection engine = LocalEngineConnection.Open();
    readonly CancellationTokenSource timeout = new(TimeSpan.FromMinutes(8));
    readonly StringWriter output = new(), errors = new();
    TextWriter savedOut = Ui.Out, savedError = Ui.Error;

    public Task InitializeAsync()
    {
        (savedOut, savedError) = (Ui.Out, Ui.Error);
        (Ui.Out, Ui.Error) = (output, errors);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        (Ui.Out, Ui.Error) = (savedOut, savedError);
        using var cleanup = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        try { await new StackStopper(engine, stack).StopAsync(removeVolumes: true, TimeSpan.FromMinutes(2), cleanup.Token); }
        finally
        {
            foreach (var config in (await engine.Manager.Configs.ListConfigsAsync(cleanup.Token)).Where(c => c.Spec.Name == StackLease.ConfigName(stack)))
                await engine.Manager.Configs.RemoveConfigAsync(config.ID, cleanup.Token);
            await engine.DisposeAsync();
            timeout.Dispose();
        }
    }

    [Fact]
    public async Task Acquire_WhileHeld_WithNoWait_FailsAtOnceNamingTheHolder()
    {
        await using (var held = await StackLease.AcquireAsync(engine.Manager, stack, "DeployStack", noWait: false, timeout.Token))
        {
            var watch = Stopwatch.StartNew();
            var error = await Assert.ThrowsAsync<UserErrorException>(() => StackLease.AcquireAsync(engine.Manager, stack, "StopStack", noWait: true, timeout.Token));

            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10));
            Assert.Equal($"stack {stack} is being changed by {Environment.UserName}@{Environment.MachineName} since " +
                         $"{held.Holder.Since.ToLocalTime():HH:mm} (DeployStack); --no-wait was given, so nothing was changed.", error.Message);
        }
        Assert.Null(await StackLease.HolderAsync(engine.Manager, stack, timeout.Token));
    }

    [Fact]
    public async Task Acquire_WhileHeld_WaitsSayingWhoThenTakesItWhenGivenBack()
    {
        var first = await StackLease.AcquireAsync(engine.Manager, stack, "ResetStack", noWait: false, timeout.Token);
        var second = StackLease.AcquireAsync(engine.Manager, stack, "DeployStack", noWait: false, timeout.Token);
        await Task.Delay(TimeSpan.FromSeconds(3), timeout.Token);
        Assert.False(second.IsCompleted);

        await first.DisposeAsync();
        await using var taken = await second.WaitAsync(TimeSpan.FromSeconds(30), timeout.Token);

        Assert.Contains($"stack {stack} is being changed by {Environment.UserName}@{Environment.MachineName} since " +
                        $"{first.Holder.Since.ToLocalTime():HH:mm} (ResetStack); waiting for it to finish", output.ToString());
        Assert.Equal("DeployStack", (await StackLease.HolderAsync(engine.Manager, stack, timeout.Token))!.Target);
    }

    [Fact]
    public async Task Acquire_LeaseOfAProcessOfThisMachineThatIsGone_IsTakenOver()
    {
        using var gone = Process.Start("true")!;
        await gone.WaitForExitAsync(timeout.Token);
        var dead = LeaseHolder.Me("DeployStack") with { Pid = gone.Id };
        await engine.Manager.Configs.CreateConfigAsync(new SwarmCreateConfigParameters
        {
            Config = new SwarmConfigSpec { Name = StackLease.ConfigName(stack), Labels = dead.ToLabels(stack, DateTimeOffset.UtcNow), Data = "{}"u8.ToArray() },
        }, timeout.Token);

        await using var taken = await StackLease.AcquireAsync(engine.Manager, stack, "StopStack", noWait: true, timeout.Token);

        Assert.Contains($"its process {gone.Id} on this machine is gone: taking the lease over", errors.ToString());
        Assert.Equal(Environment.ProcessId, (await StackLease.HolderAsync(engine.Manager, stack, timeout.Token))!.Pid);
    }

    [Fact]
    public async Task Acquire_LeaseOfAnotherMachineNotRenewedInTime_IsTakenOver()
    {
        var elsewhere = new LeaseHolder("ops@laptop", "DeployStack", DateTimeOffset.UtcNow, "laptop", 4242);
        await engine.Manager.Configs.CreateConfigAsync(new SwarmCreateConfigParameters
        {
            Config = new SwarmConfigSpec { Name = StackLease.ConfigName(stack), Labels = elsewhere.ToLabels(stack, DateTimeOffset.UtcNow), Data = "{}"u8.ToArray() },
        }, timeout.Token);
        await Assert.ThrowsAsync<UserErrorException>(() => StackLease.AcquireAsync(engine.Manager, stack, "StopStack", noWait: true, timeout.Token));

        // A run renews every 30 s; one silent for longer than the limit (here 3 s) has gone away.
        await Task.Delay(TimeSpan.FromSeconds(4), timeout.Token);
        await using var taken = await StackLease.AcquireAsync(engine.Manager, stack, "StopStack", noWait: true, timeout.Token, staleAfter: TimeSpan.FromSeconds(3));

        Assert.Matches($@"stack {stack} is being changed by ops@laptop since \d\d:\d\d \(DeployStack\), but it was last renewed \d+ s ago \(its run is gone\): taking the lease over", errors.ToString());
        Assert.Equal(Environment.ProcessId, (await StackLease.HolderAsync(engine.Manager, stack, timeout.Token))!.Pid);
    }

    [Fact]
    public async Task Status_WhileALeaseIsHeld_ShowsTheHolder()
    {
        var configuration = StackConfiguration.From(stack, new Dictionary<string, string> { ["SWARM"] = "default", ["WAVELET_TAG"] = "sim" }, ImagesFixture.RepositoryRoot());
        await using (await StackLease.AcquireAsync(engine.Manager, stack, "RestoreDb", noWait: false, timeout.Token))
        {
            var status = await new StatusReader(engine, configuration).ReadAsync(timeout.Token);
            Assert.Contains($"  - CHANGING: stack {stack} is being changed by {Environment.UserName}@{Environment.MachineName} since", StatusPrinter.ToText(status));
            Assert.EndsWith("(RestoreDb)", status.ChangedBy);
        }
        Assert.Null((await new StatusReader(engine, configuration).ReadAsync(timeout.Token)).ChangedBy);
    }

    [Fact]
    public async Task TwoDeployStacksOfOneStackAtOnce_OneWaits_BothEndCleanly_TheStackIsDeployedOnce()
    {
        // The test images (built once per test run, found unchanged when they are current), and
        // the build compiled once, before the two runs start (each would otherwise compile it).
        await ImagesFixture.BuildOnceAsync(timeout.Token);
        Assert.Equal(0, (await RunBuildAsync("--help")).Code);

        var runs = await Task.WhenAll(RunBuildAsync("DeployStack", "--stack", stack, "--skip", "PrepareImages"),
            RunBuildAsync("DeployStack", "--stack", stack, "--skip", "PrepareImages"));

        Assert.All(runs, run => Assert.True(run.Code == 0, run.Output));
        Assert.Single(runs, run => run.Output.Contains($"stack {stack} is being changed by {Environment.UserName}@{Environment.MachineName} since"));
        Assert.All(runs, run => Assert.Contains($"Stack {stack}: 3/3 nodes healthy and peered", run.Output));
        // The first run created the services; the second found them as it wanted them.
        Assert.Single(runs, run => run.Output.Contains($"Stack {stack}: 4 created"));
        Assert.Single(runs, run => run.Output.Contains($"Stack {stack} is up to date"));
        var services = await StackServices.ListAsync(engine.Manager, stack, timeout.Token);
        Assert.Equal(4, services.Count);
        Assert.Null(await StackLease.HolderAsync(engine.Manager, stack, timeout.Token));
    }

    // On the local engine with the test images: no image is built, no other registry's images are touched.
    Task<(int Code, string Output)> RunBuildAsync(params string[] args) =>
        BuildProcess.RunAsync(new Dictionary<string, string>
        {
            ["SWARM"] = "default", ["REGISTRY"] = ImagesFixture.Names.Registry, ["WAVELET_TAG"] = "sim", ["WAVELET_NODES"] = "3",
        }, timeout.Token, args);
}
