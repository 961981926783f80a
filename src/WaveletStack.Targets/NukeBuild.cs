using System.Linq.Expressions;
using System.Runtime.InteropServices;

namespace WaveletStack.Targets;

/// <summary>
/// The base of the build (NUKE's shape): <c>partial class Build : NukeBuild</c> with
/// <c>public static int Main(string[] args) => Execute&lt;Build&gt;(args, x => x.Status);</c>
/// </summary>
public abstract class NukeBuild
{
    // Per run rather than global, so tests can run builds side by side.
    static readonly AsyncLocal<BuildContext?> Current = new();

    static BuildContext Context => Current.Value ?? BuildContext.Default;

    /// <summary>Words after a target that <c>TakesArguments</c>, and everything after <c>--</c>.</summary>
    public static IReadOnlyList<string> Arguments => Context.Arguments;

    /// <summary>Cancelled on Ctrl-C or SIGTERM; pass it to every async call.</summary>
    public static CancellationToken CancellationToken => Context.CancellationToken;

    /// <summary>The folder holding <c>.nuke/</c> (the repository's root).</summary>
    public static string RootDirectory => Context.RootDirectory;

    /// <summary>True with <c>--verbose</c>.</summary>
    public static bool IsVerbose => Context.Verbose;

    /// <summary>The targets named on the command line (else the default ones), as NUKE's InvokedTargets.</summary>
    public static IReadOnlyList<string> InvokedTargets => Context.Invoked;

    internal static void Enter(BuildContext context) => Current.Value = context;

    /// <summary>Runs the build with this process's command line, environment and console.</summary>
    protected static int Execute<T>(string[] args, params Expression<Func<T, Target>>[] defaultTargets) where T : NukeBuild, new()
    {
        using var cancellation = new CancellationTokenSource();
        ConsoleCancelEventHandler onCancel = (_, e) => { e.Cancel = true; cancellation.Cancel(); };
        Console.CancelKeyPress += onCancel;
        using var onTerm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => { c.Cancel = true; cancellation.Cancel(); });

        var environment = Environment.GetEnvironmentVariables().Cast<System.Collections.DictionaryEntry>()
            .ToDictionary(e => (string)e.Key, e => (string?)e.Value);
        var run = new BuildRun(Console.Out, Console.Error, environment, FindRoot(), cancellation.Token);
        try
        {
            return BuildRunner.RunAsync(new T(), args, run, defaultTargets.Select(MemberName).ToArray()).GetAwaiter().GetResult();
        }
        finally { Console.CancelKeyPress -= onCancel; }
    }

    static string MemberName<T>(Expression<Func<T, Target>> expression) =>
        Conditions.MemberName(expression) ?? throw new UsageException("Default targets are given as x => x.Name.");

    // The nearest folder upwards holding .nuke/, from the working directory, else from the build's own files.
    static string FindRoot()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
                if (Directory.Exists(Path.Combine(dir.FullName, ".nuke"))) return dir.FullName;
        return Directory.GetCurrentDirectory();
    }
}

/// <summary>What a run reads and writes, passed in so the engine can be tested without a process.</summary>
public sealed record BuildRun(
    TextWriter Out,
    TextWriter Error,
    IReadOnlyDictionary<string, string?> Environment,
    string RootDirectory,
    CancellationToken CancellationToken = default);

internal sealed record BuildContext(IReadOnlyList<string> Arguments, CancellationToken CancellationToken, string RootDirectory, bool Verbose,
    IReadOnlyList<string> Invoked)
{
    public static readonly BuildContext Default = new([], CancellationToken.None, Directory.GetCurrentDirectory(), false, []);
}
