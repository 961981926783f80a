using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;
using Docker.DotNet;
using Docker.DotNet.Models;
using WaveletStack.Images;
using WaveletStack.Output;

namespace WaveletStack.Stack;

/// <summary>
/// A lease per stack, held for the whole of a run that changes the stack (deploy, stop, reset,
/// restore, duplicate, benchmark scale), kept on the swarm itself so runs from different
/// machines see it: a swarm config named <c>wavelet-stack-lease-&lt;stack&gt;</c> whose labels say
/// who holds it. Creating a config whose name exists fails, so taking the lease is atomic.
/// The holder renews it (a label update) every <see cref="RenewEvery"/>; a lease not renewed
/// for <see cref="Ttl"/> on the swarm's clock, or held by a process of this machine that is
/// gone, is stale and taken over.
/// </summary>
public sealed class StackLease : IAsyncDisposable
{
    public static readonly TimeSpan Ttl = TimeSpan.FromMinutes(2);
    static readonly TimeSpan RenewEvery = TimeSpan.FromSeconds(30), PollEvery = TimeSpan.FromSeconds(2), CallTimeout = TimeSpan.FromSeconds(30);

    readonly IDockerClient manager;
    readonly string id;
    readonly CancellationTokenSource stopping = new();
    readonly Task renewing;

    StackLease(IDockerClient manager, string stack, string id, LeaseHolder holder)
    {
        this.manager = manager;
        this.id = id;
        Stack = stack;
        Holder = holder;
        renewing = RenewAsync(stopping.Token);
    }

    public string Stack { get; }
    public LeaseHolder Holder { get; }

    public static string ConfigName(string stack) => $"wavelet-stack-lease-{stack}";

    /// <summary>
    /// Takes the stack's lease for <paramref name="target"/>. While another run holds it, waits
    /// saying who (or, with <paramref name="noWait"/>, fails at once saying who).
    /// </summary>
    /// <param name="staleAfter">How long a lease may go unrenewed before it is taken over (default <see cref="Ttl"/>).</param>
    public static async Task<StackLease> AcquireAsync(IDockerClient manager, string stack, string target, bool noWait, CancellationToken cancellationToken,
        TimeSpan? staleAfter = null)
    {
        string? said = null;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var me = LeaseHolder.Me(target);
            try
            {
                using var call = Deadline(cancellationToken);
                var created = await manager.Configs.CreateConfigAsync(new SwarmCreateConfigParameters
                {
                    Config = new SwarmConfigSpec { Name = ConfigName(stack), Labels = me.ToLabels(stack, DateTimeOffset.UtcNow), Data = "{}"u8.ToArray() },
                }, call.Token);
                return new StackLease(manager, stack, created.ID, me);
            }
            catch (DockerApiException e) when (e.StatusCode == HttpStatusCode.Conflict) { }

            var held = await InspectAsync(manager, stack, cancellationToken, staleAfter ?? Ttl);
            if (held is null) continue; // released meanwhile: try again at once
            if (held.StaleBecause is { } reason)
            {
                Ui.Warn($"{held.Holder.Describe(stack)}, but {reason}: taking the lease over.");
                await RemoveAsync(manager, held.Id, cancellationToken); // by id: a newer lease someone took meanwhile stays
                continue;
            }
            var sentence = held.Holder.Describe(stack);
            if (noWait) throw new UserErrorException($"{sentence}; --no-wait was given, so nothing was changed.");
            if (sentence != said) Ui.Info($"{sentence}; waiting for it to finish (Ctrl-C to stop, --no-wait to give up at once)…");
            said = sentence;
            await Task.Delay(PollEvery, cancellationToken);
        }
    }

    /// <summary>Who holds the stack's lease now (a stale lease included), or null: for Status.</summary>
    public static async Task<LeaseHolder?> HolderAsync(IDockerClient manager, string stack, CancellationToken cancellationToken) =>
        (await InspectAsync(manager, stack, cancellationToken, Ttl))?.Holder;

    sealed record Held(string Id, LeaseHolder Holder, string? StaleBecause);

    static async Task<Held?> InspectAsync(IDockerClient manager, string stack, CancellationToken cancellationToken, TimeSpan staleAfter)
    {
        using var call = Deadline(cancellationToken);
        SwarmConfig config;
        try { config = await manager.Configs.InspectConfigAsync(ConfigName(stack), call.Token); }
        catch (DockerApiException e) when (e.StatusCode == HttpStatusCode.NotFound) { return null; }
        var holder = LeaseHolder.FromLabels(config.Spec?.Labels, new DateTimeOffset(DateTime.SpecifyKind(config.CreatedAt, DateTimeKind.Utc)));
        // The swarm's clock, not ours: machines sharing a swarm may disagree on the time.
        // Its nanoseconds are cut: .NET reads at most seven digits of a second's fraction.
        var engineTime = System.Text.RegularExpressions.Regex.Replace((await manager.System.GetSystemInfoAsync(call.Token)).SystemTime ?? "", @"\.\d+", "");
        var now = DateTime.TryParse(engineTime, System.Globalization.CultureInfo.InvariantCulture,
            System.Globalization.DateTimeStyles.AdjustToUniversal, out var engineNow) ? engineNow : DateTime.UtcNow;
        var silent = now - config.UpdatedAt.ToUniversalTime();
        var stale = silent > staleAfter ? $"it was last renewed {silent.TotalSeconds:0} s ago (its run is gone)"
            : holder.Machine == Environment.MachineName && holder.Pid > 0 && !IsRunning(holder.Pid) ? $"its process {holder.Pid} on this machine is gone"
            : null;
        return new Held(config.ID, holder, stale);
    }

    static bool IsRunning(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException) { return false; }
    }

    async Task RenewAsync(CancellationToken cancellationToken)
    {
        using var http = EngineHttp.Create(manager);
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(RenewEvery, cancellationToken);
                using var call = Deadline(cancellationToken);
                var config = await manager.Configs.InspectConfigAsync(id, call.Token);
                // Docker.DotNet has no config update; the engine API allows changing labels only.
                var spec = JsonSerializer.Serialize(new Dictionary<string, object?>
                {
                    ["Name"] = config.Spec.Name, ["Labels"] = Holder.ToLabels(Stack, DateTimeOffset.UtcNow), ["Data"] = Convert.ToBase64String([.. config.Spec.Data ?? []]),
                });
                using var response = await http.PostAsync($"{EngineHttp.ApiVersion}/configs/{id}/update?version={config.Version.Index}",
                    new StringContent(spec, Encoding.UTF8, "application/json"), call.Token);
                if (!response.IsSuccessStatusCode)
                    Ui.Warn($"Could not renew the lease of stack {Stack} ({(int)response.StatusCode} {await response.Content.ReadAsStringAsync(call.Token)}); another run may take it over.");
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested) { return; }
            catch (DockerApiException e) when (e.StatusCode == HttpStatusCode.NotFound)
            {
                Ui.Warn($"The lease of stack {Stack} was taken over by another run; it may change the stack at the same time as this one.");
                return;
            }
            catch (Exception e) when (e is DockerApiException or HttpRequestException or IOException or OperationCanceledException)
            {
                Ui.Warn($"Could not renew the lease of stack {Stack} ({e.Message.Split('\n')[0]}); trying again in {RenewEvery.TotalSeconds:0} s.");
            }
        }
    }

    static async Task RemoveAsync(IDockerClient manager, string id, CancellationToken cancellationToken)
    {
        using var call = Deadline(cancellationToken);
        try { await manager.Configs.RemoveConfigAsync(id, call.Token); }
        catch (DockerApiException e) when (e.StatusCode == HttpStatusCode.NotFound) { }
    }

    static CancellationTokenSource Deadline(CancellationToken cancellationToken)
    {
        var call = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        call.CancelAfter(CallTimeout);
        return call;
    }

    /// <summary>Gives the lease back, whatever ended the run (Ctrl-C included).</summary>
    public async ValueTask DisposeAsync()
    {
        stopping.Cancel();
        try { await renewing; } catch (Exception) { }
        try { await RemoveAsync(manager, id, CancellationToken.None); }
        catch (Exception e) { Ui.Warn($"Could not give back the lease of stack {Stack} ({e.Message.Split('\n')[0]}); it expires in {Ttl.TotalMinutes:0} min."); }
        stopping.Dispose();
    }
}
