namespace WaveletStack.Targets;

/// <summary>
/// A build parameter: filled from <c>--kebab-case-name</c>, else the environment variable
/// <c>WST_</c> + UPPER_SNAKE_CASE name, else <c>.nuke/parameters.&lt;profile&gt;.json</c>, else
/// <c>.nuke/parameters.json</c>.
/// </summary>
[AttributeUsage(AttributeTargets.Field | AttributeTargets.Property)]
public sealed class ParameterAttribute(string description) : Attribute
{
    public string Description { get; } = description;

    /// <summary>Overrides the member's name (which gives the flag and the environment variable).</summary>
    public string? Name { get; set; }
}

/// <summary>The parameter's value is never printed: not in <c>--help</c>, not in error messages.</summary>
[AttributeUsage(AttributeTargets.Field | AttributeTargets.Property)]
public sealed class SecretAttribute : Attribute;

/// <summary>
/// The parameter is read from the command line only: never from the environment or a parameters
/// file. For switches that destroy or reveal (<c>--force</c>, <c>--reveal</c>): a variable exported
/// for something else, or a profile, must not arm them unseen.
/// </summary>
[AttributeUsage(AttributeTargets.Field | AttributeTargets.Property)]
public sealed class CommandLineOnlyAttribute : Attribute;
