using System.Text.Json;
using System.Text.Json.Serialization;

namespace WaveletStack.Node;

/// <summary>
/// `manifest.json` at the top of a database dump: where and when it was taken, the height the
/// node answered, and each file's checksum so a restore can prove the tarball is whole.
/// </summary>
public sealed record DbDumpManifest(
    string Format, string Stack, string Node, long Height, DateTimeOffset Time, IReadOnlyDictionary<string, string> Files)
{
    public const string CurrentFormat = "wavelet-stack-db-dump/1";
    public const string FileName = "manifest.json";
    /// <summary>The folder holding the database files inside the tarball (as under /data).</summary>
    public const string DbFolder = "db";

    /// <summary>How the project's manifests (this one, SnapshotStack's) are written: indented camelCase.</summary>
    public static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    public byte[] ToJson() => JsonSerializer.SerializeToUtf8Bytes(this, Json);

    public static DbDumpManifest? FromJson(Stream stream)
    {
        try
        {
            return JsonSerializer.Deserialize<DbDumpManifest>(stream, Json);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
