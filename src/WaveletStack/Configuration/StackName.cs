using System.Text.RegularExpressions;

namespace WaveletStack.Configuration;

/// <summary>Stack and swarm names: what Docker accepts, and which swarm a stack lives on.</summary>
public static partial class StackName
{
    /// <summary>The stack used when none is given (and <c>config/default</c> names none).</summary>
    public const string Default = "default-local";

    /// <summary>The swarm name meaning "the local engine".</summary>
    public const string LocalSwarm = "default";

    // Swarm names each service "<stack>_<service>" and requires a DNS label of at most 63
    // characters (swarmkit's isValidDNSName); the longest service is "loadbalancer", so 63 - 13.
    // Lowercase only, as compose project names, so that names never differ by case alone.
    public const int MaxLength = 63 - 13;

    /// <summary>Why <paramref name="name"/> is not a valid stack (or swarm) name, or null.</summary>
    public static string? Problem(string name, string what = "stack")
    {
        if (name.Length == 0) return $"a {what} name must not be empty";
        if (name.Length > MaxLength) return $"a {what} name of at most {MaxLength} characters (Docker limits service names to 63)";
        if (!NamePattern().IsMatch(name))
            return $"a {what} name of lowercase letters, digits, '-' and '_', starting and ending with a letter or digit";
        return null;
    }

    /// <summary>Throws a <see cref="UserErrorException"/> when <paramref name="name"/> is not a valid stack name.</summary>
    public static string Check(string name) =>
        Problem(name) is { } problem
            ? throw new UserErrorException($"Stack name '{name}' is not allowed: expected {problem} (for example demoswarm-demostack).")
            : name;

    /// <summary>
    /// The swarm a stack lives on unless its configuration sets SWARM: its name without the last
    /// "-part" (<c>demoswarm-demostack</c> → <c>demoswarm</c>); a name without '-' lives on the local engine.
    /// </summary>
    public static string SwarmOf(string stack)
    {
        var dash = stack.LastIndexOf('-');
        return dash > 0 ? stack[..dash] : LocalSwarm;
    }

    public static bool IsLocalSwarm(string swarm) => swarm == LocalSwarm;

    [GeneratedRegex(@"^[a-z0-9](?:[-_]*[a-z0-9]+)*$")]
    private static partial Regex NamePattern();
}
