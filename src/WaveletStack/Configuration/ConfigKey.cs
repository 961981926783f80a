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

    public override string ToString() => Name;
}
