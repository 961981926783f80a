namespace WaveletStack.Configuration;

/// <summary>
/// One configuration key: its name (as in the original's files), built-in default, what it
/// means, and how a value is checked. <see cref="ConfigKeys.All"/> is the single list of them.
/// </summary>
/// <remarks>
/// An empty value means the built-in default, as the original's <c>${KEY:-default}</c> did;
/// <paramref name="Validate"/> only ever sees non-empty values.
/// </remarks>
public sealed record ConfigKey(
    string Name,
    string Default,
    string Description,
    Func<ConfigKey, string, ValidationContext, IEnumerable<ConfigProblem>> Validate,
    bool IsSecret = false)
{
    /// <summary>What <c>ShowConfig</c> prints for a value of this key.</summary>
    public string Display(string value, bool reveal) =>
        IsSecret && !reveal && value.Length > 0 ? ConfigKeys.Mask : value;

    /// <summary>
    /// This key's value from the environment layer alone, checked (its default when unset): for
    /// targets that act on a swarm, not a stack (CreateSwarm's REGISTRY), so no stack file applies.
    /// </summary>
    public string FromEnvironment(IReadOnlyDictionary<string, string> environment, string repoRoot)
    {
        var value = environment.TryGetValue(Name, out var set) && set.Length > 0 ? set : Default;
        var error = value.Length == 0 ? null : Validate(this, value, new ValidationContext(repoRoot)).FirstOrDefault(p => p.IsError);
        return error is null ? value : throw new UserErrorException($"{error.Message} (from the environment variable {Name}).");
    }

    public override string ToString() => Name;
}
