using WaveletStack.Tests.Images;

namespace WaveletStack.Tests.Stack;

/// <summary>The checkout the tests run from (the folder holding WaveletStack.slnx).</summary>
public static class Repository
{
    public static string Root { get; } = ImagesFixture.RepositoryRoot();
}
