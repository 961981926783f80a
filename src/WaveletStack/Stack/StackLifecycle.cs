using System.Diagnostics;
using WaveletStack.Compose;
using WaveletStack.Configuration;
using WaveletStack.Docker;
using WaveletStack.Images;
using WaveletStack.Output;

namespace WaveletStack.Stack;

/// <summary>
/// The stack's lifecycle as the targets use it, one method per target: RenderCompose →
/// DeployStack → WaitHealthy, Status, StopStack, ResetStack, CleanVolumes. One instance per build run carries the rendered stack from one target to the next.
/// </summary>
public sealed class StackLifecycle(IEngineConnection engine, StackConfiguration configuration, string repoRoot, PublishMode mode)
{
    public static readonly TimeSpan DefaultHealthTimeout = TimeSpan.FromMinutes(3);
    static readonly TimeSpan StopTimeout = TimeSpan.FromMinutes(2);

    string Stack => configuration.Stack;
    RenderedStack? rendered;

    public DeployReport? LastDeploy { get; private set; }

    /// <summary>A change to the filled template before it is rendered and deployed (Sweep: every node restarts at once).</summary>
    public Func<ComposeFile, ComposeFile>? Adjust { get; init; }

    /// <summary>
    /// Renders the stack; with <paramref name="output"/>, also writes it there: owner-only, since
    /// a rendered compose file carries the stack's settings, keys included, and over an existing
    /// file only with <paramref name="force"/> (checked before anything is rendered).
    /// </summary>
    public async Task<RenderedStack> RenderAsync(string? output, bool force, CancellationToken cancellationToken)
    {
        var path = output is null ? null : OutputFile.Check(output, force);
        var template = StackTemplate.Load(repoRoot, configuration);
        rendered = await new StackDeployer(engine).RenderAsync(Stack, Adjust?.Invoke(template) ?? template,
            StackTemplate.Ports(configuration), mode, cancellationToken);
        if (path is not null)
        {
            var secrets = await ComposeSecrets.WriteBesideAsync(rendered.File, path, force, cancellationToken);
            await OutputFile.WritePrivateAsync(path, ComposeYaml.Write(rendered.File), cancellationToken);
            Ui.Info($"Wrote {output}{(secrets.Count > 0 ? $" and its secrets ({string.Join(", ", secrets.Select(Path.GetFileName))})" : "")}, " +
                    $"readable by you only; deploy it with `docker stack deploy -c {output} {Stack}`.");
        }
        return rendered;
    }

    public async Task<DeployReport> DeployAsync(CancellationToken cancellationToken)
    {
        if (configuration.ApiHost is not null && configuration.AcmeAccountKey is null)
            Ui.Warn($"WAVELET_API_HOST is {configuration.ApiHost} but WAVELET_API_ACME_ACCOUNT_KEY is empty: each start registers a new ACME account; set the key to keep one.");
        var watch = Stopwatch.StartNew();
        DeployReport report;
        // Ports are planned again and the services made under one lock of this machine: two stacks
        // deployed at once on the local engine picked the same free ports (seen in CI: one stack's
        // health probes were answered by the other stack's load balancer).
        using (engine.IsLocal ? await MachineLock.AcquireAsync("wavelet-stack-ports", TimeSpan.FromMinutes(5), cancellationToken) : null)
        {
            var plan = engine.IsLocal || rendered is null ? await RenderAsync(null, force: false, cancellationToken) : rendered;
            report = await new StackDeployer(engine).DeployAsync(plan, cancellationToken);
        }
        rendered = null;
        LastDeploy = report;
        Ui.Info(report.ChangedNothing
            ? $"Stack {Stack} is up to date ({report.Unchanged.Count} services unchanged, {watch.Elapsed.TotalSeconds:0.00} s)."
            : $"Stack {Stack}: {report.Created.Count} created, {report.Updated.Count} updated, {report.Removed.Count} removed, " +
              $"{report.Unchanged.Count} unchanged ({watch.Elapsed.TotalSeconds:0.00} s).");
        return report;
    }

    public async Task WaitHealthyAsync(TimeSpan? timeout, CancellationToken cancellationToken)
    {
        var elapsed = await new HealthWaiter(engine, Stack).WaitAsync(configuration.Nodes, configuration.SnowballK,
            timeout ?? DefaultHealthTimeout, cancellationToken);
        Ui.Success($"Stack {Stack}: {configuration.Nodes}/{configuration.Nodes} nodes healthy and peered ({elapsed.TotalSeconds:0.0} s).");
    }

    public async Task StatusAsync(bool json, bool watch, CancellationToken cancellationToken)
    {
        async Task<string> Render(CancellationToken token)
        {
            var status = await new StatusReader(engine, configuration).ReadAsync(token);
            return json ? StatusPrinter.ToJson(status) + Environment.NewLine : StatusPrinter.ToText(status);
        }
        if (watch) await StatusWatcher.WatchAsync(Render, cancellationToken);
        else Ui.Out.Write(await Render(cancellationToken));
    }

    public Task StopAsync(bool removeVolumes, CancellationToken cancellationToken)
    {
        rendered = null; // rendered against services that are about to go
        return new StackStopper(engine, Stack).StopAsync(removeVolumes || configuration.CleanVolumes, StopTimeout, cancellationToken);
    }

    public Task<int> CleanVolumesAsync(bool force, CancellationToken cancellationToken) =>
        new VolumeCleaner(engine, Stack).CleanAsync(force, cancellationToken);

}
