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

    private async Task<(string Out, string Err, int Code)> SearchAsync(string hunspellDir, string language = "en")
    {
        using var process = Process.Start(KosProcess.Start(["search", "пишу тесты", "--json", "--data", _folder.File("kos.db")],
            new Dictionary<string, string?> { ["KOS_HUNSPELL_DIR"] = hunspellDir, ["KOS_LANG"] = language }))!;
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

    [Fact]
    public async Task The_line_is_in_Russian_when_kos_speaks_Russian()
    {
        var (stdout, stderr, code) = await SearchAsync(_folder.File("no-dictionaries"), "ru");

        Assert.True(code == 0, stderr);
        Assert.StartsWith("[", stdout.TrimStart(), StringComparison.Ordinal);
        Assert.StartsWith("анализ текста: только Snowball (словарей Hunspell нет в ", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Kos_serve_logs_the_analysis_at_start_and_writes_nothing_of_it_on_stderr()
    {
        using var process = Process.Start(KosProcess.Start(["serve", "--data", _folder.File("kos.db"), "--urls", "http://127.0.0.1:0"],
            new Dictionary<string, string?> { ["KOS_HUNSPELL_DIR"] = _folder.File("no-dictionaries") }))!;
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        string? logged = null;
        try
        {
            while (logged is null && await process.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
                if (line.Contains("text analysis:", StringComparison.Ordinal)) logged = line;
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        Assert.NotNull(logged);
        Assert.Contains("text analysis: Snowball only (no Hunspell dictionaries in ", logged, StringComparison.Ordinal);
        Assert.DoesNotContain("text analysis", await stderr, StringComparison.Ordinal);
    }
}
