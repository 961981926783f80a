using Docker.DotNet.Models;

namespace WaveletStack.Compose;

/// <summary>
/// Compose services → engine service specs, the way `docker stack deploy` converts them (names
/// `<stack>_<service>`, stack labels, the network alias, named volumes), so a stack deployed by
/// either path looks the same to the engine and to `docker stack ps`.
/// </summary>
public static class ServiceSpecConverter
{
    /// <param name="networkId">The stack's overlay network; the engine reports attachments by id, so specs use it too.</param>
    /// <param name="secrets">How to mount each template secret that has a value (<see cref="StackSecrets"/>); one without is left out.</param>
    public static IReadOnlyDictionary<string, ServiceSpec> Convert(ComposeFile file, string stack, string networkId,
        IReadOnlyDictionary<string, SecretReference>? secrets = null) =>
        file.Services.ToDictionary(s => s.Key, s => Convert(file, stack, networkId, s.Key, s.Value, secrets ?? new Dictionary<string, SecretReference>()));

    static ServiceSpec Convert(ComposeFile file, string stack, string networkId, string name, ComposeService service,
        IReadOnlyDictionary<string, SecretReference> secrets)
    {
        var field = $"services.{name}";
        var labels = StackNaming.Labels(stack);
        labels[StackNaming.ImageLabel] = service.Image;
        return new ServiceSpec
        {
            Name = StackNaming.Service(stack, name),
            Labels = labels,
            TaskTemplate = new TaskSpec
            {
                ContainerSpec = new ContainerSpec
                {
                    Image = service.Image,
                    Labels = StackNaming.Labels(stack),
                    Command = service.Entrypoint,
                    Args = service.Command,
                    Env = service.Environment?.Order(StringComparer.Ordinal).ToList(),
                    Mounts = service.Volumes?.Select(v => Mount(file, stack, v, $"{field}.volumes")).ToList(),
                    OpenStdin = service.StdinOpen ?? false,
                    TTY = service.Tty ?? false,
                    StopGracePeriod = ComposeDuration.Nanoseconds(service.StopGracePeriod, $"{field}.stop_grace_period"),
                    Healthcheck = service.Healthcheck is { } h ? Health(h, $"{field}.healthcheck") : null,
                    Secrets = service.Secrets?.Where(secrets.ContainsKey).Select(s => secrets[s]).ToList(),
                },
                Networks = [new NetworkAttachmentConfig { Target = networkId, Aliases = [name] }],
                Placement = service.Deploy?.Placement?.Constraints is { } c ? new Placement { Constraints = c } : null,
                RestartPolicy = service.Deploy?.RestartPolicy is { } r ? Restart(r, $"{field}.deploy.restart_policy") : null,
            },
            Mode = new ServiceMode { Replicated = new ReplicatedService { Replicas = (ulong)(service.Deploy?.Replicas ?? 1) } },
            UpdateConfig = service.Deploy?.UpdateConfig is { } u ? Update(u, $"{field}.deploy.update_config") : null,
            EndpointSpec = new EndpointSpec
            {
                Mode = service.Deploy?.EndpointMode ?? "vip",
                Ports = service.Ports?.Select(p => new PortConfig
                {
                    Protocol = p.Protocol ?? "tcp",
                    TargetPort = (uint)p.Target,
                    PublishedPort = (uint)(p.Published ?? 0),
                    PublishMode = p.Mode ?? "ingress",
                }).ToList(),
            },
        };
    }

    static Mount Mount(ComposeFile file, string stack, string volume, string field)
    {
        var parts = volume.Split(':');
        if (parts.Length is < 2 or > 3)
            throw new UserErrorException($"The compose template's {field} entry \"{volume}\" must be <volume>:<path>[:ro].");
        if (file.Volumes is null || !file.Volumes.TryGetValue(parts[0], out var declared))
            throw new UserErrorException($"The compose template's {field} uses volume '{parts[0]}', which is not declared under the top-level volumes.");
        var name = declared?.Name;
        return new Mount
        {
            Type = "volume",
            Source = string.IsNullOrEmpty(name) ? StackNaming.Service(stack, parts[0]) : name,
            Target = parts[1],
            ReadOnly = parts.Length == 3 && parts[2] == "ro",
            VolumeOptions = new VolumeOptions { Labels = StackNaming.Labels(stack) },
        };
    }

    static HealthConfig Health(ComposeHealthcheck h, string field) => new()
    {
        Test = h.Test,
        Interval = h.Interval is null ? TimeSpan.Zero : ComposeDuration.Parse(h.Interval, $"{field}.interval"),
        Timeout = h.Timeout is null ? TimeSpan.Zero : ComposeDuration.Parse(h.Timeout, $"{field}.timeout"),
        Retries = h.Retries ?? 0,
        StartPeriod = ComposeDuration.Nanoseconds(h.StartPeriod, $"{field}.start_period") ?? 0,
    };

    static readonly string[] RestartConditions = ["none", "on-failure", "any"];

    static SwarmRestartPolicy Restart(ComposeRestartPolicy r, string field) => new()
    {
        Condition = r.Condition is null || RestartConditions.Contains(r.Condition) ? r.Condition ?? "any"
            : throw new UserErrorException($"The compose template's {field}.condition is \"{r.Condition}\"; it must be one of {string.Join(", ", RestartConditions)}."),
        Delay = ComposeDuration.Nanoseconds(r.Delay, $"{field}.delay"),
        MaxAttempts = r.MaxAttempts,
        Window = ComposeDuration.Nanoseconds(r.Window, $"{field}.window"),
    };

    static SwarmUpdateConfig Update(ComposeUpdateConfig u, string field) => new()
    {
        Parallelism = (ulong)(u.Parallelism ?? 1),
        Delay = ComposeDuration.Nanoseconds(u.Delay, $"{field}.delay") ?? 0,
        Order = u.Order ?? "stop-first",
        FailureAction = u.FailureAction ?? "pause",
        Monitor = ComposeDuration.Nanoseconds(u.Monitor, $"{field}.monitor") ?? 0,
    };
}
