namespace WaveletStack.Sim.Tests;

/// <summary>In the image the one binary is installed as /wavelet and /benchmark and acts by that name.</summary>
public sealed class ProgramNameTests : IDisposable
{
    readonly string dir = Directory.CreateTempSubdirectory("wst-sim-names-").FullName;

    public void Dispose() => Directory.Delete(dir, recursive: true);

    [Theory]
    [InlineData("wavelet", "--version", "wavelet version")]
    [InlineData("benchmark", "--bogus", "the simulator's benchmark knows only `remote`")]
    public async Task Binary_StartedUnderName_ActsAsThatProgram(string name, string arg, string expected)
    {
        var link = Path.Combine(dir, name);
        File.CreateSymbolicLink(link, SimProcess.Binary);

        await using var sim = SimProcess.StartExecutable(link, [arg]);
        await sim.WaitForExitAsync();

        Assert.Contains(expected, sim.Output);
    }
}
