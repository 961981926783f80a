using System.Globalization;

namespace WaveletStack.Stack;

/// <summary>Who holds a stack's lease, as the labels of its swarm config carry it.</summary>
public sealed record LeaseHolder(string Holder, string Target, DateTimeOffset Since, string Machine, int Pid)
{
    const string Prefix = "org.wavelet-stack.lease.";

    /// <summary>This process, about to run <paramref name="target"/>.</summary>
    public static LeaseHolder Me(string target) =>
        new($"{Environment.UserName}@{Environment.MachineName}", target, DateTimeOffset.UtcNow, Environment.MachineName, Environment.ProcessId);

    /// <summary>"stack S is being changed by user@host since 12:01 (DeployStack)", in this machine's local time.</summary>
    public string Describe(string stack) =>
        $"stack {stack} is being changed by {Holder} since {Since.ToLocalTime():HH:mm} ({Target})";

    public Dictionary<string, string> ToLabels(string stack, DateTimeOffset renewed) => new()
    {
        [Prefix + "stack"] = stack,
        [Prefix + "holder"] = Holder,
        [Prefix + "target"] = Target,
        [Prefix + "since"] = Since.ToString("O", CultureInfo.InvariantCulture),
        [Prefix + "machine"] = Machine,
        [Prefix + "pid"] = Pid.ToString(CultureInfo.InvariantCulture),
        // Changes on every renewal, so the config's UpdatedAt moves on the swarm's clock.
        [Prefix + "renewed"] = renewed.ToString("O", CultureInfo.InvariantCulture),
    };

    /// <summary>The holder in a lease's labels; a lease whose labels are unreadable is held by "someone" since its creation.</summary>
    public static LeaseHolder FromLabels(IDictionary<string, string>? labels, DateTimeOffset created)
    {
        string Get(string key) => labels is not null && labels.TryGetValue(Prefix + key, out var value) ? value : "";
        return new LeaseHolder(
            Get("holder") is { Length: > 0 } holder ? holder : "someone",
            Get("target") is { Length: > 0 } target ? target : "an unknown target",
            DateTimeOffset.TryParse(Get("since"), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var since) ? since : created,
            Get("machine"),
            int.TryParse(Get("pid"), CultureInfo.InvariantCulture, out var pid) ? pid : 0);
    }
}
