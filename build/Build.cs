using WaveletStack.Configuration;
using WaveletStack.Targets;

/// <summary>
/// The wavelet-stack build: targets grouped by area in Build.&lt;Area&gt;.cs, each a thin call into
/// src/WaveletStack. Run `./build.sh --help` for the list.
/// </summary>
partial class Build : NukeBuild, IAsyncDisposable
{
    // The target run when none is named: the stack's status, as the original's manage-stack.
    public static int Main(string[] args) => Execute<Build>(args, x => x.Status);

    [Parameter("Stack to act on (default: stackName in config/default, else default-local)", Name = "Stack")]
    readonly string? StackArgument;

    /// <summary>The stack the targets act on: --stack, else config/default's stackName, else default-local.</summary>
    string Stack => resolvedStack ??= StackConfigurationLoader.ResolveStack(RootDirectory, StackArgument);
    string? resolvedStack;

    [Parameter("Allow destructive operations (removing volumes, overwriting files)"), CommandLineOnly]
    readonly bool Force;
}
