using Docker.DotNet.Models;

namespace WaveletStack.Stack;

/// <summary>
/// Compares the spec DeployStack wants with the one the engine runs, on the fields the stack sets
/// and in a form that ignores what the engine fills in by itself (defaults, nulls for empty lists).
/// Nothing different means no update: a no-op deploy restarts nothing.
/// </summary>
public static class ServiceSpecComparer
{
    static readonly (string Name, Func<ServiceSpec, string> Value)[] Fields =
    [
        ("labels", s => Map(s.Labels)),
        ("image", s => s.TaskTemplate?.ContainerSpec?.Image ?? ""),
        ("container labels", s => Map(s.TaskTemplate?.ContainerSpec?.Labels)),
        ("entrypoint", s => List(s.TaskTemplate?.ContainerSpec?.Command)),
        ("command", s => List(s.TaskTemplate?.ContainerSpec?.Args)),
        ("environment", s => List(s.TaskTemplate?.ContainerSpec?.Env)),
        ("stdin", s => $"{s.TaskTemplate?.ContainerSpec?.OpenStdin}/{s.TaskTemplate?.ContainerSpec?.TTY}"),
        ("stop grace period", s => $"{s.TaskTemplate?.ContainerSpec?.StopGracePeriod ?? 0}"),
        // Secret names hold a hash of the value: a new value is a different name.
        ("secrets", s => List(s.TaskTemplate?.ContainerSpec?.Secrets?.Select(r => $"{r.SecretName}:{r.File?.Name}").Order(StringComparer.Ordinal))),
        ("volumes", s => List(s.TaskTemplate?.ContainerSpec?.Mounts?.Select(m => $"{m.Type}:{m.Source}:{m.Target}:{m.ReadOnly}"))),
        ("health check", s => s.TaskTemplate?.ContainerSpec?.Healthcheck is { } h
            ? $"{List(h.Test)} {h.Interval} {h.Timeout} {h.Retries} {h.StartPeriod}" : ""),
        ("networks", s => List((s.TaskTemplate?.Networks ?? s.Networks)?.Select(n => $"{n.Target}:{List(n.Aliases)}"))),
        // The engine's defaults (any, 5 s, no limit) stand in for an unset policy: it stores either.
        ("restart policy", s => s.TaskTemplate?.RestartPolicy is { } r
            ? $"{r.Condition ?? "any"} {r.Delay ?? 5_000_000_000} {r.MaxAttempts ?? 0} {r.Window ?? 0}" : "any 5000000000 0 0"),
        ("placement", s => List(s.TaskTemplate?.Placement?.Constraints)),
        ("replicas", s => $"{s.Mode?.Replicated?.Replicas}"),
        ("update config", s => s.UpdateConfig is { } u ? $"{u.Parallelism} {u.Delay} {u.Order} {u.FailureAction} {u.Monitor}" : ""),
        ("endpoint mode", s => string.IsNullOrEmpty(s.EndpointSpec?.Mode) ? "vip" : s.EndpointSpec.Mode),
        ("ports", s => List(s.EndpointSpec?.Ports?.OrderBy(p => p.TargetPort).Select(p => $"{p.Protocol}:{p.TargetPort}:{p.PublishedPort}:{p.PublishMode}"))),
    ];

    /// <summary>The fields a task carries from its service's spec: a task that differs there was made from an older spec.</summary>
    static readonly string[] TaskFields = ["image", "entrypoint", "command", "environment", "secrets", "volumes", "health check"];

    /// <summary>Whether a task was made from the service's current spec (during a rolling update the old ones still run).</summary>
    public static bool IsCurrent(TaskSpec task, ServiceSpec service) =>
        Fields.Where(f => TaskFields.Contains(f.Name))
            .All(f => f.Value(new ServiceSpec { TaskTemplate = task }) == f.Value(new ServiceSpec { TaskTemplate = service.TaskTemplate }));

    /// <summary>The names of the fields that differ ("replicas", "ports"); empty when the service needs no update.</summary>
    public static IReadOnlyList<string> Differences(ServiceSpec desired, ServiceSpec running) =>
        Fields.Where(f => f.Value(desired) != f.Value(running)).Select(f => f.Name).ToList();

    static string List(IEnumerable<string>? items) => items is null ? "" : string.Join("\u001f", items);

    static string Map(IDictionary<string, string>? map) =>
        map is null ? "" : List(map.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={p.Value}"));
}
