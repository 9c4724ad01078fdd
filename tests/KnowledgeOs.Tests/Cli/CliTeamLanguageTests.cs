using KnowledgeOs.Tests.Support;

namespace KnowledgeOs.Tests.Cli;

/// <summary>
/// What the CLI writes for people is in the team's language unless <c>--lang</c> says otherwise: an English team gets
/// English tables, summaries and context packs, the Russian sample team Russian ones; <c>--json</c> keeps its keys.
/// </summary>
public sealed class CliTeamLanguageTests : IAsyncLifetime
{
    private readonly TempFolder _dir = new();

    private string Db => _dir.File("kos.db");

    public async Task InitializeAsync()
    {
        Assert.Equal(0, (await Kos.RunAsync("expert", "add", "ann", "--name", "Ann", "--role", "Backend Developer", "--team", "crew", "--data", Db)).ExitCode);
        Assert.Equal(0, (await Kos.RunAsync("item", "add", "ann", "known", "Idempotency keys on every refund endpoint", "--team", "crew", "--data", Db)).ExitCode);
        Assert.Equal(0, (await Kos.RunAsync("demo", "--data", Db, "--json")).ExitCode);
    }

    public Task DisposeAsync()
    {
        _dir.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Context_is_in_the_team_language_by_default()
    {
        var english = await Kos.RunAsync("context", "--task", "idempotency keys for refunds", "--team", "crew", "--data", Db);
        Assert.Equal(0, english.ExitCode);
        Assert.StartsWith("# 🧭 Context for the task:", english.Out, StringComparison.Ordinal);
        var russian = await Kos.RunAsync("context", "--task", "idempotency keys for refunds", "--team", "crew", "--lang", "ru", "--data", Db);
        Assert.StartsWith("# 🧭 Контекст для задачи:", russian.Out, StringComparison.Ordinal);
        var sample = await Kos.RunAsync("context", "--task", "ключи идемпотентности", "--data", Db);
        Assert.StartsWith("# 🧭 Контекст для задачи:", sample.Out, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("│ slug", "│ код", "expert", "list")]
    [InlineData("first source", "первый источник", "history", "ann")]
    [InlineData("│ matched", "│ совпало", "search", "idempotency")]
    [InlineData("│ why", "│ почему", "route", "idempotency keys for refunds")]
    public async Task Tables_take_the_team_language_and_lang_overrides_it(string englishHeading, string russianHeading, params string[] command)
    {
        var english = await Kos.RunAsync([.. command, "--team", "crew", "--data", Db]);
        Assert.True(english.ExitCode == 0, english.Error);
        Assert.Contains(englishHeading, english.Out, StringComparison.Ordinal);
        Assert.DoesNotContain(russianHeading, english.Out, StringComparison.Ordinal);
        var russian = await Kos.RunAsync([.. command, "--team", "crew", "--lang", "ru", "--data", Db]);
        Assert.Contains(russianHeading, russian.Out, StringComparison.Ordinal);
        Assert.DoesNotContain(englishHeading, russian.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_history_summary_is_worded_with_russian_plurals_for_a_russian_team()
    {
        var run = await Kos.RunAsync("history", "dmitriy", "--data", Db);
        Assert.Equal(0, run.ExitCode);
        Assert.Matches(@"\d+ (запись|записи|записей), \d+ (источник|источника|источников), \d+ (задача|задачи|задач), версия \d+\.", run.Out);
        Assert.Matches(@"\d+ items, \d+ sources, \d+ tasks, version \d+\.", (await Kos.RunAsync("history", "dmitriy", "--lang", "en", "--data", Db)).Out);
    }

    // The words the CLI itself put into tables and lines before they came from the catalog.
    private static readonly System.Text.RegularExpressions.Regex EnglishChrome = new(
        @"\b(learned|amended|replay|active|retracted|paused|retired|matched|level|successful|events|created|priority|confirmed|would write|onboarded|already imported|no change|note|skipped|usefulness|Next)\b");

    [Theory]
    [InlineData("уже известен", "replay", "demo")]
    [InlineData("Дальше: kos expert list", "Next: kos expert list", "demo")]
    [InlineData("Команда «default»", "Team 'default'", "demo")]
    [InlineData("│ действует", "│ active", "history", "dmitriy")]
    [InlineData("│ активен", "│ active", "expert", "list")]
    [InlineData("уровень ", "level ", "route", "ключи идемпотентности")]
    [InlineData("│ действует", "│ active", "search", "идемпотентности")]
    public async Task Shown_words_are_russian_on_the_sample_team_and_english_with_lang_en(string russianWord, string englishWord, params string[] command)
    {
        var russian = await Kos.RunAsync([.. command, "--data", Db]);
        Assert.True(russian.ExitCode == 0, russian.Error);
        Assert.Contains(russianWord, russian.Out, StringComparison.Ordinal);
        Assert.DoesNotContain(englishWord, russian.Out, StringComparison.Ordinal);
        var chrome = russian.Out.Split('\n').Where(line => line.Contains('│', StringComparison.Ordinal) || line.StartsWith("Дальше", StringComparison.Ordinal) || line.StartsWith("Команда", StringComparison.Ordinal));
        var foreign = chrome.Where(line => EnglishChrome.IsMatch(line)).ToList();
        Assert.True(foreign.Count == 0, string.Join("\n", foreign));
        var english = await Kos.RunAsync([.. command, "--lang", "en", "--data", Db]);
        Assert.True(english.ExitCode == 0, english.Error);
        Assert.Contains(englishWord, english.Out, StringComparison.Ordinal);
        Assert.DoesNotContain(russianWord, english.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Route_reasons_keep_their_numbers_in_either_language_and_json_keeps_the_english_why()
    {
        var json = System.Text.Json.JsonDocument.Parse((await Kos.RunAsync("route", "ключи идемпотентности", "--json", "--data", Db)).Out).RootElement[0];
        var level = json.GetProperty("level").GetInt32();
        Assert.StartsWith("matched ", json.GetProperty("why").GetString()!, StringComparison.Ordinal);
        var russian = (await Kos.RunAsync("route", "ключи идемпотентности", "--data", Db)).Out;
        Assert.Contains($"уровень {level}", russian, StringComparison.Ordinal);
        Assert.Matches(@"совпало .+ в \d+ запис", russian);
        Assert.Contains($"level {level}", (await Kos.RunAsync("route", "ключи идемпотентности", "--lang", "en", "--data", Db)).Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Import_cells_and_notes_are_in_the_team_language_and_json_keeps_its_values()
    {
        var db = _dir.File("import.db");
        var dry = await Kos.RunAsync("import", KnowledgeOs.Tests.Import.ImportFiles.Samples, "--dry-run", "--data", db);
        Assert.True(dry.ExitCode == 0, dry.Error);
        Assert.Contains("будет записано событий:", dry.Out, StringComparison.Ordinal);
        Assert.Contains("приоритет ", dry.Out, StringComparison.Ordinal);
        Assert.Contains("замечание", dry.Out, StringComparison.Ordinal);
        var foreign = dry.Out.Split('\n').Where(line => line.Contains('│', StringComparison.Ordinal) && EnglishChrome.IsMatch(line)).ToList();
        Assert.True(foreign.Count == 0, string.Join("\n", foreign));
        var english = await Kos.RunAsync("import", KnowledgeOs.Tests.Import.ImportFiles.Samples, "--dry-run", "--lang", "en", "--data", db);
        Assert.Contains("would write ", english.Out, StringComparison.Ordinal);
        Assert.Contains("note", english.Out, StringComparison.Ordinal);

        Assert.Equal(0, (await Kos.RunAsync("import", KnowledgeOs.Tests.Import.ImportFiles.Samples, "--data", db)).ExitCode);
        Assert.Contains("уже импортирован", (await Kos.RunAsync("import", KnowledgeOs.Tests.Import.ImportFiles.Samples, "--data", db)).Out, StringComparison.Ordinal);
        var again = await Kos.RunAsync("import", KnowledgeOs.Tests.Import.ImportFiles.Samples, "--json", "--data", db);
        Assert.Contains("\"alreadyImported\": true", again.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Json_keys_stay_english_whatever_the_language()
    {
        var run = await Kos.RunAsync("expert", "list", "--json", "--lang", "ru", "--data", Db);
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("\"slug\": \"dmitriy\"", run.Out, StringComparison.Ordinal);
        Assert.Contains("\"displayName\"", run.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Json_keeps_the_stored_level_reason_and_adds_it_worded_in_the_language()
    {
        var ru = System.Text.Json.JsonDocument.Parse((await Kos.RunAsync("progress", "--json", "--data", Db)).Out).RootElement.GetProperty("rows")[0];
        Assert.Matches(@"— (\d+ tasks, \d+% successful, \d+ problems solved|no tasks yet)$", ru.GetProperty("levelReason").GetString()!);
        Assert.Matches(@"— (\d+ задач[аи]?, \d+% успешных, \d+ решённ|задач пока нет)", ru.GetProperty("levelReasonText").GetString()!);
        var en = System.Text.Json.JsonDocument.Parse((await Kos.RunAsync("progress", "--json", "--lang", "en", "--data", Db)).Out).RootElement.GetProperty("rows")[0];
        Assert.Equal(en.GetProperty("levelReason").GetString(), ru.GetProperty("levelReason").GetString());
        Assert.Matches(@"— (\d+ tasks?, \d+% successful, \d+ problems? solved|no tasks yet)$", en.GetProperty("levelReasonText").GetString()!);
        var program = System.Text.Json.JsonDocument.Parse((await Kos.RunAsync("program", "dmitriy", "--json", "--data", Db)).Out).RootElement;
        Assert.Contains("успешных", program.GetProperty("levelReasonText").GetString()!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bad_lang_is_refused_on_any_command_naming_the_option()
    {
        var run = await Kos.RunAsync("expert", "list", "--lang", "de", "--data", Db);
        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains("--lang", run.Out + run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Item_and_keys_confirmations_are_in_the_team_language_and_lang_overrides_them()
    {
        var added = await Kos.RunAsync("item", "add", "dmitriy", "known", "Ключ идемпотентности хранится вместе с ответом", "--data", Db);
        Assert.True(added.ExitCode == 0, added.Error);
        var id = Assert.Single(System.Text.RegularExpressions.Regex.Matches(added.Out, @"Запись (\S+) добавлена в раздел «[^»]+» эксперта dmitriy")).Groups[1].Value;
        var again = await Kos.RunAsync("item", "add", "dmitriy", "known", "Ключ идемпотентности хранится вместе с ответом", "--data", Db);
        Assert.Contains($"Запись {id} уже добавлена из этого источника; ничего не изменилось.", again.Out, StringComparison.Ordinal);
        var confirmed = await Kos.RunAsync("item", "confirm", "dmitriy", id, "--by", "lead", "--data", Db);
        Assert.Contains($"Запись {id} подтверждена.", confirmed.Out, StringComparison.Ordinal);
        var retracted = await Kos.RunAsync("item", "retract", "dmitriy", id, "--reason", "проверка", "--data", Db, "--lang", "en");
        Assert.Contains($"Retracted {id}.", retracted.Out, StringComparison.Ordinal);
        var twice = await Kos.RunAsync("item", "retract", "dmitriy", id, "--reason", "проверка", "--data", Db);
        Assert.Contains("Уже отозвана; ничего не изменилось.", twice.Out, StringComparison.Ordinal);
        var english = await Kos.RunAsync("item", "add", "ann", "known", "Refunds are idempotent by key", "--team", "crew", "--data", Db);
        Assert.Matches(@"Item \S+ recorded in known of ann \(or confirmed, if it was there\)\.", english.Out);

        var key = await Kos.RunAsync("keys", "create", "--team", "default", "--name", "viewer", "--data", Db);
        Assert.True(key.ExitCode == 0, key.Error);
        var keyId = Assert.Single(System.Text.RegularExpressions.Regex.Matches(key.Out, @"Ключ (\S+) для команды «default» \(read\), владелец viewer:")).Groups[1].Value;
        Assert.Contains("Ключ показан только сейчас; хранится лишь его хеш. Передавайте его заголовком: Authorization: Bearer <key>", key.Out, StringComparison.Ordinal);
        var revoked = await Kos.RunAsync("keys", "revoke", keyId, "--data", Db);
        Assert.Contains($"Ключ {keyId} отозван.", revoked.Out, StringComparison.Ordinal);
        var crewKey = await Kos.RunAsync("keys", "create", "--team", "crew", "--name", "bot", "--data", Db);
        Assert.Contains("It is shown only now; only its hash is stored.", crewKey.Out, StringComparison.Ordinal);
    }
}
