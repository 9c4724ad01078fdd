using KnowledgeOs.Cli;
using KnowledgeOs.Tests.Import;
using KnowledgeOs.Tests.Support;
using Spectre.Console;

namespace KnowledgeOs.Tests.Cli;

/// <summary>
/// The rest of the CLI's lines in the team's language: the progress bars' captions (<c>kos demo</c>/<c>learn</c>,
/// <c>import</c>, <c>reindex</c>), the <c>--out</c> lines of <c>kos program</c>, <c>render</c> and <c>guidance</c>, and
/// the "cancelled" of a stopped run; <c>--lang en</c> gives the English they always printed.
/// </summary>
public sealed class CliProgressLanguageTests : EmbedderAndFolder
{
    private string Db => Dir.File("kos.db");

    // kos on an interactive terminal, where progress bars are drawn; the terminal's control codes are taken out of what it wrote.
    private static async Task<string> InteractiveAsync(params string[] args)
    {
        var output = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(output),
            Ansi = AnsiSupport.Yes,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.Yes,
        });
        console.Profile.Width = 200;
        var exit = await KosApp.RunAsync(args, console, Kos.Console(new StringWriter()), TimeProvider.System, CancellationToken.None);
        Assert.True(exit == 0, output.ToString());
        return System.Text.RegularExpressions.Regex.Replace(output.ToString(), @"\x1b\[[0-9;?]*[A-Za-z]", "");
    }

    [Fact]
    public async Task Learning_and_import_progress_captions_speak_the_team_language()
    {
        var ru = await InteractiveAsync("demo", "--data", Db);
        Assert.Contains("Обучение по отчётам", ru, StringComparison.Ordinal);
        Assert.DoesNotContain("Learning from reports", ru, StringComparison.Ordinal);
        var en = await InteractiveAsync("demo", "--data", Dir.File("en.db"), "--lang", "en");
        Assert.Contains("Learning from reports", en, StringComparison.Ordinal);

        var import = await InteractiveAsync("import", ImportFiles.Sample("svetlana_knowledge.md"), "--data", Dir.File("import.db"), "--dry-run", "--lang", "ru");
        Assert.Contains("Чтение (пробный прогон)", import, StringComparison.Ordinal);
        var importEn = await InteractiveAsync("import", ImportFiles.Sample("svetlana_knowledge.md"), "--data", Dir.File("import.db"), "--lang", "en");
        Assert.Contains("Importing", importEn, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reindex_progress_caption_speaks_the_team_language()
    {
        Assert.Equal(0, (await Kos.RunAsync("demo", "--data", Db, "--json")).ExitCode);
        var run = await InteractiveAsync("reindex", "--embeddings", Embedder.OpenAi, "--data", Db);
        Assert.Matches(@"Векторы модели openai:fake-embed(?! построены)", run);
        Assert.DoesNotContain("Embedding with", run, StringComparison.Ordinal);
        var en = await InteractiveAsync("reindex", "--embeddings", Embedder.OpenAi, "--all", "--data", Db, "--lang", "en");
        Assert.Contains("Embedding with openai:fake-embed", en, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Program_render_and_guidance_out_lines_speak_russian_and_the_old_english_with_lang_en()
    {
        Assert.Equal(0, (await Kos.RunAsync("import", ImportFiles.Sample("svetlana_knowledge.md"), ImportFiles.Sample("svetlana_program.md"), "--data", Db)).ExitCode);
        var program = Dir.File("program.md");
        Assert.Matches(@"^Записан файл .+program\.md: программа .+ выполнена на \d+% \(\d+/\d+\)\.$",
            (await Kos.RunAsync("program", "svetlana", "--out", program, "--data", Db, "--lang", "ru")).Out.Trim());
        Assert.Matches(@"^Wrote .+program\.md: \d+% \(\d+/\d+\) of program .+\.$",
            (await Kos.RunAsync("program", "svetlana", "--out", program, "--data", Db, "--lang", "en")).Out.Trim());

        var render = Dir.File("render.md");
        Assert.Matches(@"^Записан файл .+render\.md \(\d+ символ(|а|ов)\)\.$",
            (await Kos.RunAsync("render", "svetlana", "--out", render, "--data", Db, "--lang", "ru")).Out.Trim());
        Assert.Matches(@"^Wrote .+render\.md \([\d,]+ characters\)\.$",
            (await Kos.RunAsync("render", "svetlana", "--out", render, "--data", Db, "--lang", "en")).Out.Trim());

        var agents = Dir.File("AGENTS.md");
        Assert.Matches(@"^Записан файл .+AGENTS\.md \(позиция в журнале \d+\)\.$",
            (await Kos.RunAsync("guidance", "svetlana", "--out", agents, "--data", Db, "--lang", "ru")).Out.Trim());
        Assert.Matches(@"^Файл .+AGENTS\.md уже актуален \(позиция в журнале \d+\)\.$",
            (await Kos.RunAsync("guidance", "svetlana", "--out", agents, "--data", Db, "--lang", "ru")).Out.Trim());
        Assert.Matches(@"^.+AGENTS\.md is up to date \(log position \d+\)\.$",
            (await Kos.RunAsync("guidance", "svetlana", "--out", agents, "--data", Db, "--lang", "en")).Out.Trim());
    }

    [Fact]
    public async Task A_stopped_run_says_cancelled_in_the_language_asked()
    {
        using var stop = new CancellationTokenSource();
        await stop.CancelAsync();
        var ru = await Kos.RunAsync(TimeProvider.System, stop.Token, "expert", "list", "--data", Db, "--lang", "ru");
        Assert.Equal("отменено", ru.Error.Trim());
        var en = await Kos.RunAsync(TimeProvider.System, stop.Token, "expert", "list", "--data", Db, "--lang", "en");
        Assert.Equal("cancelled", en.Error.Trim());
    }
}
