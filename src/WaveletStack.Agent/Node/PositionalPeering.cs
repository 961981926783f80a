using WaveletStack.Agent.Etcd;

namespace WaveletStack.Agent.Node;

/// <summary>
/// Peering for Wavelet builds without the connect API (their --help does not mention
/// WAVELET_API_SECRET): the registered peers go on /wavelet's command line, and a change of
/// membership restarts it, a second after the last change so a stack starting up restarts it once.
/// </summary>
public sealed class PositionalPeering(int selfSlot, Action<string> restartWavelet)
{
    static readonly TimeSpan Settle = TimeSpan.FromSeconds(1);
    volatile IReadOnlyList<string> registered = [];
    IReadOnlyList<string> launchedWith = [];
    CancellationTokenSource? pending;

    /// <summary>The peers for the next start, remembered so that a later change is noticed.</summary>
    public IReadOnlyList<string> PeersForLaunch()
    {
        launchedWith = registered;
        return launchedWith;
    }

    public Task OnPeersChanged(IReadOnlyDictionary<string, string> values, CancellationToken ct)
    {
        var slots = StackKeys.PeerAddresses(values);
        slots.TryGetValue(selfSlot, out var self);
        registered = slots.Where(p => p.Key != selfSlot && p.Value != self).OrderBy(p => p.Key).Select(p => p.Value).ToList();
        if (registered.SequenceEqual(launchedWith)) return Task.CompletedTask;

        pending?.Cancel();
        pending = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var token = pending.Token;
        _ = Task.Delay(Settle, token).ContinueWith(_ =>
        {
            if (!registered.SequenceEqual(launchedWith))
                restartWavelet($"membership changed and this Wavelet build takes peers only on its command line ({string.Join(' ', registered)})");
        }, token, TaskContinuationOptions.OnlyOnRanToCompletion, TaskScheduler.Default);
        return Task.CompletedTask;
    }
}
