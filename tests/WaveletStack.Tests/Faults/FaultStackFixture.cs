using WaveletStack.Images;
using WaveletStack.Tests.Images;
using WaveletStack.Tests.Node;
using Xunit;

namespace WaveletStack.Tests.Faults;

/// <summary>Three simulator nodes of their own: faults kill and freeze containers, which no other collection's tests should see.</summary>
public sealed class FaultStackFixture() : DeployedStackFixture("wst-fault", ImageNames.SimulatorTag, 3)
{
    protected override Task PrepareImagesAsync(CancellationToken cancellationToken) => ImagesFixture.BuildOnceAsync(cancellationToken);
}

[CollectionDefinition(Name)]
public sealed class FaultStackCollection : ICollectionFixture<FaultStackFixture>
{
    public const string Name = "fault stack";
}
