using WaveletStack.Swarm;
using Xunit;
using WaveletStack.Output;

namespace WaveletStack.Tests.Swarm;

/// <summary>A damaged swarm.json is one sentence naming the file and what is wrong, never a raw JsonException.</summary>
public sealed class SwarmRecordFileTests : IDisposable
{
    readonly string home = Directory.CreateTempSubdirectory("wst-t13-store-").FullName;

    public void Dispose() => Directory.Delete(home, recursive: true);

    public static TheoryData<string, string> Damaged => new()
    {
        { """{ "name": "lab", "provider": "ssh", "hosts": [ """, "malformed JSON at line 1" },
        { "", "malformed JSON" },
        { "null", "it is empty" },
        { "[1, 2]", "malformed JSON" },
        { """{ "provider": "ssh" }""", "it has no \"name\"" },
        { """{ "name": "lab" }""", "it has no \"provider\"" },
        { """{ "name": "lab", "provider": "ssh", "hosts": [ { "name": "lab-1" } ] }""", "a host in \"hosts\" lacks its \"name\" or \"address\"" },
        { """{ "name": "lab", "provider": "ssh", "hosts": null }""", "a host in \"hosts\" lacks" },
        { """{ "name": "lab", "provider": "ssh", "hosts": "lab-1" }""", "malformed JSON" },
    };

    [Theory]
    [MemberData(nameof(Damaged))]
    public void Load_DamagedRecord_IsOneSentenceNamingTheFile(string json, string what)
    {
        var store = new SwarmStore(home);
        var folder = store.FolderOf("lab");
        PrivateFiles.CreateFolder(folder);
        var path = Path.Combine(folder, SwarmState.RecordFile);
        File.WriteAllText(path, json);

        var error = Assert.Throws<UserErrorException>(() => store.Load("lab"));

        Assert.StartsWith($"{path} is not a valid swarm record (", error.Message);
        Assert.Contains(what, error.Message);
        Assert.EndsWith("; fix it or import the swarm again with `ImportSwarm --ip <host address>`.", error.Message);
        Assert.Equal(json, File.ReadAllText(path));
    }
}
