using System.Text.Json;
using WaveletStack.Node;

namespace WaveletStack.Snapshots;

/// <summary>
/// `snapshot.json` at the top of a SnapshotStack file: which stack, when, the configuration a
/// restored stack gets, and for every node its height and the DumpDb dump holding its database.
/// </summary>
/// <param name="Configuration">KEY → value of the settings the stack had that differ from the defaults (fixed ports, SWARM and, unless <paramref name="SecretsIncluded"/>, secrets left out).</param>
public sealed record SnapshotManifest(
    string Format, string Stack, DateTimeOffset Time, IReadOnlyDictionary<string, string> Configuration, bool SecretsIncluded,
    IReadOnlyList<SnapshotNode> Nodes)
{
    public const string CurrentFormat = "wavelet-stack-snapshot/1";
    public const string FileName = "snapshot.json";
    public const string NodesFolder = "nodes";

    /// <summary>Where node <paramref name="node"/>'s dump is inside the snapshot.</summary>
    public static string NodeFile(int node) => $"{NodesFolder}/{node}.tar.gz";

    public byte[] ToJson() => JsonSerializer.SerializeToUtf8Bytes(this, DbDumpManifest.Json);

    /// <summary>The manifest, or null when the text is not one (the caller says which file).</summary>
    public static SnapshotManifest? FromJson(Stream stream)
    {
        try
        {
            return JsonSerializer.Deserialize<SnapshotManifest>(stream, DbDumpManifest.Json);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

/// <summary>One node of a snapshot: its slot, the height it answered when /wavelet was paused, and its dump's path in the snapshot.</summary>
public sealed record SnapshotNode(int Node, long Height, string File);
