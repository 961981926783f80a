using System.Text.Json;
using System.Text.Json.Serialization;
using WaveletStack.Agent.Etcd;
using WaveletStack.Agent.Settings;

namespace WaveletStack.Agent.Node;

/// <summary>
/// `/data/wavelet-stack/node.json`, in the node's volume (in a folder of its own: the engine reports a
/// local volume's CreatedAt from its top folder's mtime, which a file renamed there would move, and
/// FaultSuite and the tests read a new CreatedAt as "volume made anew"): what the tool reads before it creates the
/// node service over kept volumes (it cannot ask a /wavelet that is not running). <c>height</c> is the
/// node's last height seen on /ledger (kept while it runs and read once more when it is told to stop);
/// <c>generation</c> grows by one at every agent start, so of two copies of one node's volume (on two
/// hosts of a swarm) the higher generation is the one last used. Both are a contract with the tool
/// (`WaveletStack.Stack.VolumeMarker`).
/// </summary>
public sealed record RestMarker(
    [property: JsonPropertyName("node")] int Node,
    [property: JsonPropertyName("generation")] long Generation,
    [property: JsonPropertyName("height")] long? Height,
    [property: JsonPropertyName("time")] DateTime Time)
{
    public const string Folder = "wavelet-stack", FileName = "node.json";

    public static string PathIn(AgentPaths paths) => Path.Combine(paths.Data, Folder, FileName);

    public static RestMarker? Read(AgentPaths paths)
    {
        try { return JsonSerializer.Deserialize(File.ReadAllText(PathIn(paths)), AgentJson.Default.RestMarker); }
        catch (Exception e) when (e is IOException or JsonException or UnauthorizedAccessException) { return null; }
    }

    /// <summary>Written beside and renamed over, so a container killed mid-write leaves the old marker whole.</summary>
    public void Write(AgentPaths paths)
    {
        var path = PathIn(paths);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temporary = path + ".new";
        File.WriteAllText(temporary, JsonSerializer.Serialize(this, AgentJson.Default.RestMarker));
        File.Move(temporary, path, overwrite: true);
    }
}

/// <summary>Keeps <see cref="RestMarker"/> current: a new generation at start, the height while /wavelet runs and once more at stop.</summary>
public sealed class RestMarkerKeeper(AgentPaths paths, int node, WaveletApi api)
{
    static readonly TimeSpan Every = TimeSpan.FromSeconds(2);
    RestMarker current = new(node, 0, null, DateTime.UtcNow);

    /// <summary>Called before /wavelet first starts: the height of the last run stays until a new one is read.</summary>
    public void Begin()
    {
        var previous = RestMarker.Read(paths);
        current = new RestMarker(node, (previous?.Generation ?? 0) + 1, previous?.Height, DateTime.UtcNow);
        Save();
    }

    public async Task RunAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            await RecordAsync(ct);
            await Task.Delay(Every, ct).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    /// <summary>Reads the height now (the last chance is when the node is told to stop, before /wavelet is frozen).</summary>
    public async Task RecordAsync(CancellationToken ct)
    {
        long height;
        try { height = await api.HeightAsync(ct); }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or JsonException) { return; }
        if (height == current.Height) return;
        current = current with { Height = height, Time = DateTime.UtcNow };
        Save();
    }

    void Save()
    {
        try { current.Write(paths); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { Log.Warn($"could not write {RestMarker.PathIn(paths)}: {e.Message}"); }
    }
}
