using System.Formats.Tar;
using System.Text;
using System.Text.Json;

namespace WaveletStack.Stack;

/// <summary>
/// What the node agent keeps in its volume (`/data/wavelet-stack/node.json`, the agent's
/// `RestMarker`): the node's last height seen on /ledger and a generation the agent bumps at every
/// start. The tool reads it while no node runs, to level heights and to pick the newest copy of a
/// node's volume among a swarm's hosts.
/// </summary>
public sealed record VolumeMarker(int Node, long Generation, long? Height)
{
    /// <summary>The marker's folder in the volume, and its file there.</summary>
    public const string Folder = "wavelet-stack", FileName = "node.json";

    public static string PathIn(string volumeRoot) => $"{volumeRoot}/{Folder}/{FileName}";

    /// <summary>Null for anything that is not a marker (an older agent's volume has none).</summary>
    public static VolumeMarker? TryParse(string json)
    {
        try
        {
            var root = JsonDocument.Parse(json).RootElement;
            if (!root.TryGetProperty("node", out var node) || !node.TryGetInt32(out var n)
                || !root.TryGetProperty("generation", out var generation) || !generation.TryGetInt64(out var g)) return null;
            long? height = root.TryGetProperty("height", out var h) && h.TryGetInt64(out var value) ? value : null;
            return new VolumeMarker(n, g, height);
        }
        catch (JsonException) { return null; }
    }

    public string ToJson() => JsonSerializer.Serialize(new Dictionary<string, object?>
    {
        ["node"] = Node, ["generation"] = Generation, ["height"] = Height, ["time"] = DateTime.UtcNow.ToString("o"),
    });

    /// <summary>A tar holding only the marker file, to put into the marker's folder.</summary>
    public MemoryStream ToTar()
    {
        var tar = new MemoryStream();
        using (var writer = new TarWriter(tar, TarEntryFormat.Pax, leaveOpen: true))
        {
            var entry = new PaxTarEntry(TarEntryType.RegularFile, FileName)
            {
                DataStream = new MemoryStream(Encoding.UTF8.GetBytes(ToJson())),
                Mode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead,
            };
            writer.WriteEntry(entry);
        }
        tar.Position = 0;
        return tar;
    }

    /// <summary>The marker's text from a tar of the marker file (what the engine's archive API returns).</summary>
    public static async Task<VolumeMarker?> FromTarAsync(Stream tar, CancellationToken cancellationToken)
    {
        using var reader = new TarReader(tar);
        while (await reader.GetNextEntryAsync(copyData: false, cancellationToken) is { } entry)
        {
            if (entry.EntryType is not (TarEntryType.RegularFile or TarEntryType.V7RegularFile) || entry.DataStream is null) continue;
            using var text = new StreamReader(entry.DataStream);
            return TryParse(await text.ReadToEndAsync(cancellationToken));
        }
        return null;
    }
}
