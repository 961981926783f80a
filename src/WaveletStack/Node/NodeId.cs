using System.Text.RegularExpressions;
using WaveletStack.Stack;
using WaveletStack.Compose;

namespace WaveletStack.Node;

/// <summary>
/// A container of a stack named the way users name it: `1`…`N` (a Wavelet node), `sync`,
/// `loadbalancer`, `benchmark` (= `benchmark.1`), `benchmark.2`… It maps to a swarm service of
/// the stack and a task slot of that service.
/// </summary>
public sealed partial record NodeId(string Service, int Slot)
{
    public const string WaveletService = StackNaming.NodeService;
    public const string SyncService = StackNaming.SyncService;
    public const string LoadBalancerService = StackNaming.LoadBalancerService;
    public const string BenchmarkService = StackNaming.BenchmarkService;

    public static string Allowed => "1…N, sync, loadbalancer, benchmark, benchmark.2…";

    public bool IsWavelet => Service == WaveletService;

    /// <summary>The swarm service holding this id's task, as the stack deploys it.</summary>
    public string ServiceName(string stack) => StackNaming.Service(stack, Service);

    public static NodeId Parse(string? text) => TryParse(text) ?? throw new UserErrorException(
        $"Node id '{text}' is not valid; use one of {Allowed} (for example `--node 1`).");

    public static NodeId? TryParse(string? text)
    {
        var match = Syntax().Match(text?.Trim() ?? "");
        if (!match.Success) return null;
        if (match.Groups["n"].Success) return int.TryParse(match.Groups["n"].Value, out var n) && n > 0 ? new(WaveletService, n) : null;
        var service = match.Groups["name"].Value.ToLowerInvariant();
        var slot = match.Groups["slot"].Success ? int.Parse(match.Groups["slot"].Value) : 1;
        if (slot < 1 || (slot > 1 && service != BenchmarkService)) return null;
        return new(service, slot);
    }

    /// <summary>The id a user types for a task of one of the stack's services.</summary>
    public static NodeId FromTask(string service, int slot) => new(service, slot);

    public override string ToString() => Service switch
    {
        WaveletService => Slot.ToString(),
        BenchmarkService when Slot > 1 => $"{BenchmarkService}.{Slot}",
        _ => Service,
    };

    [GeneratedRegex(@"^(?:(?<n>\d{1,6})|(?<name>sync|loadbalancer|benchmark)(?:\.(?<slot>\d{1,6}))?)$", RegexOptions.IgnoreCase)]
    private static partial Regex Syntax();
}
