using WaveletStack.Dev;
using Xunit;

namespace WaveletStack.Tests.Dev;

public class TestCountsTests
{
    static string Trx(string counters) => $"""
        <?xml version="1.0" encoding="utf-8"?>
        <TestRun xmlns="http://microsoft.com/schemas/VisualStudio/TeamTest/2010">
          <ResultSummary outcome="Completed"><Counters {counters} /></ResultSummary>
        </TestRun>
        """;

    [Fact]
    public void FromTrxFolder_SumsEveryFile_AndPrintsTheClosingLine()
    {
        var folder = Directory.CreateTempSubdirectory("wst-engine-trx-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(folder, "a.trx"), Trx("""total="5" passed="4" failed="1" notExecuted="0" """));
            Directory.CreateDirectory(Path.Combine(folder, "sub"));
            File.WriteAllText(Path.Combine(folder, "sub", "b.trx"), Trx("""total="9" passed="7" failed="0" error="1" notExecuted="1" """));

            var counts = TestCounts.FromTrxFolder(folder);

            Assert.Equal(new TestCounts(11, 2, 1), counts);
            Assert.Equal("Test: 11 passed, 2 failed, 1 skipped", counts.ToString());
            Assert.Equal("Test: 3 passed, 0 failed", new TestCounts(3, 0, 0).ToString());
        }
        finally { Directory.Delete(folder, recursive: true); }
    }
}
