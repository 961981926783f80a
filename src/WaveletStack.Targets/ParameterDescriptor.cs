using System.Reflection;
using System.Text;

namespace WaveletStack.Targets;

/// <summary>One <c>[Parameter]</c> member of the build and the names it answers to.</summary>
public sealed class ParameterDescriptor
{
    readonly MemberInfo member;

    internal ParameterDescriptor(MemberInfo member, ParameterAttribute attribute)
    {
        this.member = member;
        Name = attribute.Name ?? member.Name;
        Description = attribute.Description;
        IsSecret = member.IsDefined(typeof(SecretAttribute), inherit: true);
        IsCommandLineOnly = member.IsDefined(typeof(CommandLineOnlyAttribute), inherit: true);
        Type = member is FieldInfo f ? f.FieldType : ((PropertyInfo)member).PropertyType;
        if (member is PropertyInfo { CanWrite: false })
            throw new UsageException($"Parameter {member.DeclaringType?.Name}.{member.Name} has no setter; declare it as a field or give it a setter.");
    }

    /// <summary>The member's name, as in <c>.nuke/parameters.json</c> (<c>DigitalOceanToken</c>).</summary>
    public string Name { get; }
    public string Description { get; }
    public bool IsSecret { get; }
    public bool IsCommandLineOnly { get; }

    /// <summary>
    /// Every parameter's environment variable starts with this, so it cannot collide with a stack's
    /// configuration keys (<c>SWARM</c>, <c>WAVELET_*</c>, read from the environment too) or with
    /// common variables (<c>TIMEOUT</c>, <c>STACK</c>) exported for something else.
    /// </summary>
    public const string EnvironmentPrefix = "WST_";
    public Type Type { get; }

    /// <summary><c>digital-ocean-token</c>, used as <c>--digital-ocean-token</c>.</summary>
    public string Flag => Words("-").ToLowerInvariant();

    /// <summary><c>WST_DIGITAL_OCEAN_TOKEN</c>; null for a command-line-only parameter.</summary>
    public string? EnvironmentVariable => IsCommandLineOnly ? null : EnvironmentPrefix + Words("_").ToUpperInvariant();

    /// <summary>The key all spellings of this parameter normalise to (case and dashes ignored).</summary>
    public string Key => Normalize(Name);

    internal string MemberName => member.Name;

    public static string Normalize(string name) => name.Replace("-", "").Replace("_", "").ToLowerInvariant();

    internal object? GetValue(object build) => member is FieldInfo f ? f.GetValue(build) : ((PropertyInfo)member).GetValue(build);

    internal void SetValue(object build, object? value)
    {
        if (member is FieldInfo f) f.SetValue(build, value);
        else ((PropertyInfo)member).SetValue(build, value);
    }

    // Splits PascalCase into words: "DigitalOceanToken" → "Digital-Ocean-Token", "SSHKey" → "SSH-Key".
    string Words(string separator)
    {
        var text = new StringBuilder();
        for (var i = 0; i < Name.Length; i++)
        {
            var c = Name[i];
            var boundary = i > 0 && char.IsUpper(c) &&
                (char.IsLower(Name[i - 1]) || char.IsDigit(Name[i - 1]) || (i + 1 < Name.Length && char.IsLower(Name[i + 1])));
            if (boundary) text.Append(separator);
            text.Append(c == '_' || c == '-' ? separator[0] : c);
        }
        return text.ToString();
    }
}
