using System.Diagnostics;
using System.Text.Json;
using KnowledgeOs.Tests.Support;

namespace KnowledgeOs.Tests.Cli;

/// <summary>
/// The real <c>kos</c> says once, on stderr, which text analysis it uses (Hunspell lemmas, or Snowball alone without
/// the dictionaries), and never on stdout, so <c>--json</c> output stays one JSON document.
/// </summary>
public sealed class AnalyzerNoticeTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private async Task<(string Out, string Err, int Code)> SearchAsync(string hunspellDir)
    {
        using var process = Process.Start(KosProcess.Start(["search", "пишу тесты", "--json", "--data", _folder.File("kos.db")],
            new Dictionary<string, string?> { ["KOS_HUNSPELL_DIR"] = hunspellDir, ["KOS_LANG"] = "en" }))!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (await stdout, await stderr, process.ExitCode);
    }

    [Fact]
    public async Task Without_dictionaries_kos_says_once_on_stderr_that_it_uses_Snowball_alone()
    {
        var (stdout, stderr, code) = await SearchAsync(_folder.File("no-dictionaries"));

        Assert.True(code == 0, stderr);
        using var json = JsonDocument.Parse(stdout);
        var line = Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("text analysis: Snowball only (no Hunspell dictionaries in ", line, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task With_the_dictionaries_kos_says_once_on_stderr_that_it_adds_Hunspell_lemmas()
    {
        TestHunspell.Require();
        var (stdout, stderr, code) = await SearchAsync(TestHunspell.Folder);

        Assert.True(code == 0, stderr);
        using var json = JsonDocument.Parse(stdout);
        var line = Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("text analysis: Snowball + Hunspell lemmas (ru_RU, en_US from ", line, StringComparison.Ordinal);
    }
}
