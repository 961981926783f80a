using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace WaveletStack.Compose;

/// <summary>
/// Reads and writes compose files. Reading substitutes variables in every scalar after parsing
/// (as the docker CLI does), so values with quotes, colons or newlines (a PEM key, genesis JSON)
/// cannot break the YAML. Writing escapes `$` so `docker stack deploy -c` reads the same values.
/// </summary>
public static class ComposeYaml
{
    static readonly IDeserializer Deserializer = new DeserializerBuilder()
        .WithNamingConvention(UnderscoredNamingConvention.Instance)
        .Build();

    static readonly ISerializer Serializer = new SerializerBuilder()
        .WithNamingConvention(UnderscoredNamingConvention.Instance)
        .ConfigureDefaultValuesHandling(DefaultValuesHandling.OmitNull)
        .WithQuotingNecessaryStrings()
        .Build();

    public static ComposeFile Parse(string yaml, IReadOnlyDictionary<string, string> variables, string source)
    {
        try
        {
            var stream = new YamlStream();
            stream.Load(new StringReader(yaml));
            if (stream.Documents.Count != 1)
                throw new UserErrorException($"{source} must hold exactly one YAML document.");
            foreach (var scalar in stream.Documents[0].AllNodes.OfType<YamlScalarNode>())
            {
                var value = scalar.Value ?? "";
                var substituted = ComposeVariables.Substitute(value, variables);
                if (substituted != value) { scalar.Value = substituted; scalar.Style = ScalarStyle.DoubleQuoted; }
            }
            var text = new StringWriter();
            stream.Save(text, assignAnchors: false);
            return Deserializer.Deserialize<ComposeFile>(text.ToString())
                ?? throw new UserErrorException($"{source} is empty; it must define the stack's services.");
        }
        catch (YamlException e)
        {
            throw new UserErrorException($"{source} is not a valid compose file (line {e.Start.Line}): {(e.InnerException ?? e).Message}", e);
        }
    }

    /// <summary>The file as YAML for `docker stack deploy -c`; every `$` in a value is written as `$$`.</summary>
    public static string Write(ComposeFile file)
    {
        var yaml = Serializer.Serialize(file);
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        foreach (var scalar in stream.Documents[0].AllNodes.OfType<YamlScalarNode>())
            if (scalar.Value?.Contains('$') == true) scalar.Value = ComposeVariables.Escape(scalar.Value);
        var text = new StringWriter();
        stream.Save(text, assignAnchors: false);
        // YamlStream ends every document with "...": harmless, but noise in a file people read.
        return text.ToString().Replace("\n...\n", "\n").TrimEnd() + "\n";
    }
}
