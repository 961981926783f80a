using System.Xml.Linq;

namespace WaveletStack.Dev;

/// <summary>
/// `dotnet test` over the solution with TRX results, then one closing line counted from them:
/// `Test: N passed, N failed` (`, N skipped` when any were). Fails when any failed or none ran.
/// </summary>
public static class TestRun
{
    public static async Task RunAsync(string rootDirectory, CancellationToken cancellationToken)
    {
        var results = Path.Combine(rootDirectory, ".nuke", "temp", "test-results");
        if (Directory.Exists(results)) Directory.Delete(results, recursive: true);
        var exitCode = await DotNet.RunForExitCodeAsync(rootDirectory,
            ["test", "WaveletStack.slnx", "--nologo", "--logger", "trx", "--results-directory", results], cancellationToken);

        var counts = TestCounts.FromTrxFolder(results);
        Output.Ui.Info(counts.ToString());
        if (counts.Failed > 0) throw new UserErrorException($"{counts.Failed} test(s) failed; see the output above.");
        if (counts.Passed == 0) throw new UserErrorException("No test ran; check that `dotnet test WaveletStack.slnx` finds the test projects.");
        // No failed test yet a failing exit: a test project did not compile or a test host crashed, so some tests never ran.
        if (exitCode != 0) throw new UserErrorException($"dotnet test exited with {exitCode} although no test failed: a project did not build or a test host crashed; see the output above.");
    }
}

/// <summary>Counts summed over the TRX files of one test run.</summary>
public sealed record TestCounts(int Passed, int Failed, int Skipped)
{
    static readonly XNamespace Trx = "http://microsoft.com/schemas/VisualStudio/TeamTest/2010";

    public static TestCounts FromTrxFolder(string folder)
    {
        var files = Directory.Exists(folder) ? Directory.GetFiles(folder, "*.trx", SearchOption.AllDirectories) : [];
        return files.Select(FromTrx).Aggregate(new TestCounts(0, 0, 0),
            (a, b) => new TestCounts(a.Passed + b.Passed, a.Failed + b.Failed, a.Skipped + b.Skipped));
    }

    public static TestCounts FromTrx(string file)
    {
        var counters = XDocument.Load(file).Descendants(Trx + "Counters").Single();
        int Count(string name) => (int?)counters.Attribute(name) ?? 0;
        // TRX counts tests that could not run (timeout, aborted) as failures too; skipped ones are "notExecuted".
        return new TestCounts(Count("passed"), Count("failed") + Count("error") + Count("timeout") + Count("aborted"), Count("notExecuted"));
    }

    public override string ToString() => $"Test: {Passed} passed, {Failed} failed" + (Skipped > 0 ? $", {Skipped} skipped" : "");
}
