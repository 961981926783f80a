namespace WaveletStack.Tests.Stack;

/// <summary>The checkout the tests run from (the folder holding WaveletStack.slnx).</summary>
public static class Repository
{
    public static string Root { get; } = Find();

    static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "WaveletStack.slnx"))) return dir.FullName;
        throw new InvalidOperationException("WaveletStack.slnx not found above " + AppContext.BaseDirectory);
    }
}
