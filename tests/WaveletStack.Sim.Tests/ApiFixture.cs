namespace WaveletStack.Sim.Tests;

/// <summary>Two nodes shared by the API tests: one guarded by a secret, one with none configured.</summary>
public sealed class ApiFixture : IAsyncLifetime
{
    public const string Secret = "test-secret";

    internal SimProcess Secured { get; private set; } = null!;
    internal SimProcess Open { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Secured = await SimProcess.StartNodeAsync(Secret);
        Open = await SimProcess.StartNodeAsync();
    }

    public async Task DisposeAsync()
    {
        await Secured.DisposeAsync();
        await Open.DisposeAsync();
    }
}
