using KnowledgeOs.Rendering;
using KnowledgeOs.Tests.Support;

namespace KnowledgeOs.Tests.Cli;

/// <summary>
/// The lines of the commands that copy the store or write files — <c>kos backup</c>, <c>restore</c>, <c>reindex</c>,
/// <c>export</c>, <c>team --out</c> — are in the team's language like every other line of the CLI (the demo team is
/// Russian); <c>--lang en</c> gives the English words those commands always printed.
/// </summary>
public sealed class CliFileLinesLanguageTests : EmbedderAndFolder
{
    private string Db => Dir.File("kos.db");

    private static string[] Lines(KosRun run) => run.Out.Trim().Split('\n').Select(l => l.TrimEnd('\r')).ToArray();

    [Fact]
    public async Task Backup_and_restore_speak_the_team_language_and_the_old_english_with_lang_en()
    {
        Assert.Equal(0, (await Kos.RunAsync("demo", "--data", Db, "--json")).ExitCode);

        var backup = await Kos.RunAsync("backup", Dir.File("ru.db"), "--data", Db);
        Assert.True(backup.ExitCode == 0, backup.Error);
        var ru = Lines(backup);
        Assert.Matches(@"^Резервная копия sqlite:.+ записана в .+ru\.db: \d+ событи(е|я|й), \d+ ключ(|а|ей) идемпотентности, 0 ключей доступа\.$", ru[0]);
        Assert.Matches(@"^Хеш содержимого sha256 [0-9a-f]{64}; восстановить: kos restore .+ru\.db$", ru[1]);

        var english = await Kos.RunAsync("backup", Dir.File("en.db"), "--data", Db, "--lang", "en");
        var en = Lines(english);
        Assert.Matches(@"^Backed up sqlite:.+ to .+en\.db: [\d,]+ events, [\d,]+ idempotency keys, 0 API keys\.$", en[0]);
        Assert.Matches(@"^Content hash sha256 [0-9a-f]{64}; restore with: kos restore .+en\.db$", en[1]);

        var restored = await Kos.RunAsync("restore", Dir.File("ru.db"), "--data", Dir.File("back-ru.db"));
        Assert.True(restored.ExitCode == 0, restored.Error);
        var rr = Lines(restored);
        Assert.Matches(@"^Из .+ru\.db в sqlite:.+back-ru\.db восстановлено: \d+ событи(е|я|й), \d+ ключ(|а|ей) идемпотентности и 0 ключей доступа\.$", rr[0]);
        Assert.Matches(@"^Проверено: хранилище читается с теми же числами и тем же хешем содержимого \(sha256 [0-9a-f]{64}\)\.$", rr[1]);

        var restoredEn = Lines(await Kos.RunAsync("restore", Dir.File("en.db"), "--data", Dir.File("back-en.db"), "--lang", "en"));
        Assert.Matches(@"^Restored [\d,]+ events, [\d,]+ idempotency keys and 0 API keys from .+en\.db into sqlite:.+back-en\.db\.$", restoredEn[0]);
        Assert.Matches(@"^Verified: the store reads back the same counts and content hash \(sha256 [0-9a-f]{64}\)\.$", restoredEn[1]);
    }

    [Fact]
    public async Task Migrate_speaks_the_language_asked_and_the_old_english_with_lang_en()
    {
        Assert.Equal(0, (await Kos.RunAsync("demo", "--data", Db, "--json")).ExitCode);

        var ru = await Kos.RunAsync("migrate", "--from", "sqlite:" + Db, "--to", "sqlite:" + Dir.File("ru.db"), "--lang", "ru");
        Assert.True(ru.ExitCode == 0, ru.Error);
        var lines = Lines(ru);
        Assert.Matches(@"^Из sqlite:.+kos\.db в sqlite:.+ru\.db скопировано: \d+ событи(е|я|й), \d+ ключ(|а|ей) идемпотентности и 0 ключей доступа\.$", lines[0]);
        Assert.Matches(@"^Проверено: копия читается с теми же числами и тем же хешем содержимого \(sha256 [0-9a-f]{64}\)\.$", lines[1]);

        var en = Lines(await Kos.RunAsync("migrate", "--from", "sqlite:" + Db, "--to", "sqlite:" + Dir.File("en.db"), "--lang", "en"));
        Assert.Matches(@"^Copied [\d,]+ events, [\d,]+ idempotency keys and 0 API keys from sqlite:.+kos\.db to sqlite:.+en\.db\.$", en[0]);
        Assert.Matches(@"^Verified: the copy reads back the same counts and content hash \(sha256 [0-9a-f]{64}\)\.$", en[1]);
    }

    [Fact]
    public void Backup_and_restore_counts_take_the_russian_plural_forms()
    {
        Assert.Equal("Резервная копия s записана в f: 1 событие, 2 ключа идемпотентности, 5 ключей доступа.", CliLabels.Ru.BackedUp("s", "f", 1, 2, 5));
        Assert.Equal("Из f в s восстановлено: 21 событие, 11 ключей идемпотентности и 1 ключ доступа.", CliLabels.Ru.Restored("f", "s", 21, 11, 1));
        Assert.Equal("Backed up s to f: 1,234 events, 1 idempotency keys, 0 API keys.", CliLabels.En.BackedUp("s", "f", 1234, 1, 0));
    }

    [Fact]
    public async Task Export_and_team_out_speak_the_team_language_and_the_old_english_with_lang_en()
    {
        Assert.Equal(0, (await Kos.RunAsync("demo", "--data", Db, "--json")).ExitCode);

        var folder = Dir.File("export");
        var export = await Kos.RunAsync("export", "--out", folder, "--data", Db);
        Assert.True(export.ExitCode == 0, export.Error);
        Assert.Matches($@"^В {System.Text.RegularExpressions.Regex.Escape(folder)} записаны: \d+ баз(а|ы|) знаний, \d+ программ(а|ы|) обучения и default_export\.json\.$", export.Out.Trim());
        var exportEn = await Kos.RunAsync("export", "--out", folder, "--data", Db, "--lang", "en");
        Assert.Matches($@"^Wrote \d+ knowledge bases, \d+ learning programs and default_export\.json to {System.Text.RegularExpressions.Regex.Escape(folder)}\.$", exportEn.Out.Trim());

        var file = Dir.File("team.md");
        var team = await Kos.RunAsync("team", "--out", file, "--data", Db);
        Assert.True(team.ExitCode == 0, team.Error);
        Assert.Matches($@"^Записан файл {System.Text.RegularExpressions.Regex.Escape(file)}: \d+ участник(|а|ов), покрытие \d+%\.$", team.Out.Trim());
        var teamEn = await Kos.RunAsync("team", "--out", file, "--data", Db, "--lang", "en");
        Assert.Matches($@"^Wrote {System.Text.RegularExpressions.Regex.Escape(file)}: \d+ members, coverage \d+%\.$", teamEn.Out.Trim());
    }

    [Fact]
    public async Task Reindex_line_and_progress_speak_the_team_language_and_the_old_english_with_lang_en()
    {
        Assert.Equal(0, (await Kos.RunAsync("demo", "--data", Db, "--samples", Repo.Samples, "--team", "demo")).ExitCode);

        var run = await Kos.RunAsync("reindex", "--embeddings", Embedder.OpenAi, "--data", Db, "--team", "demo");
        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Matches(@"(?m)^Векторы модели openai:fake-embed построены для \d+ запис(и|ей); у каждой активной записи есть вектор\.\r?$", run.Out);
        Assert.DoesNotContain("Embedding with", run.Out, StringComparison.Ordinal);

        var en = await Kos.RunAsync("reindex", "--embeddings", Embedder.OpenAi, "--all", "--data", Db, "--team", "demo", "--lang", "en");
        Assert.Matches(@"(?m)^[\d,]+ items embedded with openai:fake-embed \([\d,]+ earlier vectors deleted\); every active item has a vector\.\r?$", en.Out);
    }
}
