using System.Reflection;
using System.Text.RegularExpressions;
using KnowledgeOs.Rendering;
using KnowledgeOs.Tests.Support;

namespace KnowledgeOs.Tests.Cli;

/// <summary>
/// Issue #14: the domain's errors a person can hit carry a code and arguments and are worded in Russian where a
/// Russian reader sees them (the CLI's error line with <c>--lang ru</c> or once the command knows its team is Russian);
/// English stays the error's own message.
/// </summary>
public sealed class CliErrorLanguageTests : IDisposable
{
    private readonly TempFolder _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task An_unknown_expert_or_item_is_worded_in_russian_with_lang_ru_and_in_english_with_lang_en()
    {
        var db = _dir.File("kos.db");
        Assert.Equal(0, (await Kos.RunAsync("demo", "--data", db, "--json")).ExitCode);

        var ru = await Kos.RunAsync("render", "nobody", "--lang", "ru", "--data", db);
        Assert.Equal(4, ru.ExitCode);
        Assert.Contains("error: В команде «default» нет эксперта «nobody».", ru.Error, StringComparison.Ordinal);
        var en = await Kos.RunAsync("render", "nobody", "--lang", "en", "--data", db);
        Assert.Contains("error: Team 'default' has no expert 'nobody'.", en.Error, StringComparison.Ordinal);

        var item = await Kos.RunAsync("item", "confirm", "dmitriy", "zzzz", "--lang", "ru", "--data", db);
        Assert.Contains("error: У dmitriy нет записи «zzzz».", item.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_operator_s_option_error_is_worded_in_russian_with_lang_ru()
    {
        var db = _dir.File("kos.db");
        Assert.Equal(0, (await Kos.RunAsync("demo", "--data", db, "--json")).ExitCode);
        var empty = Directory.CreateDirectory(_dir.File("empty")).FullName;

        var import = await Kos.RunAsync("import", empty, "--lang", "ru", "--data", db);
        Assert.NotEqual(0, import.ExitCode);
        Assert.Contains($"error: В {empty} нет файлов .md, .markdown, .txt.", import.Error, StringComparison.Ordinal);
        var export = await Kos.RunAsync("export", "--lang", "ru", "--data", db);
        Assert.Contains("error: Параметр --out обязателен.", export.Error, StringComparison.Ordinal);
        var english = await Kos.RunAsync("export", "--lang", "en", "--data", db);
        Assert.Contains("error: --out DIR is required.", english.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_russian_team_s_bad_report_is_reported_in_russian_naming_the_file_the_line_and_the_field()
    {
        var db = _dir.File("kos.db");
        Assert.Equal(0, (await Kos.RunAsync("demo", "--data", db, "--json")).ExitCode);
        var broken = _dir.Write("broken.json", "{\n  \"taskId\": \"T-1\",\n  \"title\": \n}\n");
        var badOutcome = _dir.Write("outcome.json", """
            { "taskId": "T-2", "completedAt": "2026-03-02T14:00:00Z",
              "participants": [ { "expert": "ivan", "outcome": "great" } ] }
            """);
        var badDate = _dir.Write("date.json", """
            { "taskId": "T-3", "completedAt": "yesterday", "participants": [ { "expert": "ivan", "outcome": "success" } ] }
            """);

        var run = await Kos.RunAsync("learn", broken, badOutcome, badDate, "--data", db);

        Assert.Equal(2, run.ExitCode);
        var all = run.Out + run.Error;
        Assert.Contains($"{broken}: неверный JSON в строке 4", all, StringComparison.Ordinal);
        Assert.Contains($"{badOutcome}: в поле «participants[0].outcome» неизвестный исход «great»", all, StringComparison.Ordinal);
        Assert.Contains($"{badDate}: поле «completedAt»: «yesterday» — не дата и время со смещением", all, StringComparison.Ordinal);
        Assert.DoesNotContain("not valid JSON", all, StringComparison.Ordinal);
        Assert.DoesNotContain("unknown outcome", all, StringComparison.Ordinal);

        var absent = _dir.File("absent.json");
        var missing = await Kos.RunAsync("learn", absent, "--lang", "ru", "--data", db);
        Assert.Equal(2, missing.ExitCode);
        Assert.Contains($"error: {absent}: нет такого файла или папки.", missing.Error, StringComparison.Ordinal);
    }

    // The error line of a command that fails before it knows its team (an empty store) follows the environment:
    // KOS_LANG, else LC_ALL / LC_MESSAGES / LANG; --lang still wins. A real kos process, for an environment of its own.
    [Fact]
    public async Task An_empty_store_s_error_line_follows_the_locale_and_lang_overrides_it()
    {
        var db = _dir.File("empty.db");
        var ru = await RunProcessAsync(["render", "nobody", "--data", db], ("LANG", "ru_RU.UTF-8"));
        Assert.Equal(4, ru.ExitCode);
        Assert.Contains("error: В команде «default» нет эксперта «nobody».", ru.Error, StringComparison.Ordinal);

        var c = await RunProcessAsync(["render", "nobody", "--data", db], ("LANG", "C"));
        Assert.Contains("error: Team 'default' has no expert 'nobody'.", c.Error, StringComparison.Ordinal);

        var lcAll = await RunProcessAsync(["render", "nobody", "--data", db], ("LANG", "ru_RU.UTF-8"), ("LC_ALL", "en_US.UTF-8"));
        Assert.Contains("error: Team 'default' has no expert 'nobody'.", lcAll.Error, StringComparison.Ordinal);

        var own = await RunProcessAsync(["render", "nobody", "--data", db], ("LANG", "C"), ("KOS_LANG", "ru"));
        Assert.Contains("error: В команде «default» нет эксперта «nobody».", own.Error, StringComparison.Ordinal);

        var asked = await RunProcessAsync(["render", "nobody", "--lang", "en", "--data", db], ("LANG", "ru_RU.UTF-8"));
        Assert.Contains("error: Team 'default' has no expert 'nobody'.", asked.Error, StringComparison.Ordinal);

        var missing = _dir.File("absent-team.json");
        var onboard = await RunProcessAsync(["onboard", missing, "--data", db], ("LANG", "ru_RU.UTF-8"));
        Assert.Equal(2, onboard.ExitCode);
        Assert.Contains($"error: {missing}: нет такого файла.", onboard.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, null, null, "ru_RU.UTF-8", RenderLanguage.Ru)]
    [InlineData(null, null, null, "C", RenderLanguage.En)]
    [InlineData(null, "en_GB.UTF-8", null, "ru_RU.UTF-8", RenderLanguage.En)]
    [InlineData(null, null, "ru_RU.UTF-8", "C", RenderLanguage.Ru)]
    [InlineData("en", null, null, "ru_RU.UTF-8", RenderLanguage.En)]
    [InlineData("ru", "C", null, null, RenderLanguage.Ru)]
    public void The_environment_s_language_is_kos_lang_else_the_first_locale_variable_set(string? kos, string? all, string? messages, string? lang, RenderLanguage expected)
    {
        var env = new Dictionary<string, string?> { ["KOS_LANG"] = kos, ["LC_ALL"] = all, ["LC_MESSAGES"] = messages, ["LANG"] = lang };
        Assert.Equal(expected, KnowledgeOs.Cli.Infrastructure.ErrorLanguage.FromEnvironment(n => env.GetValueOrDefault(n)));
        Assert.Null(KnowledgeOs.Cli.Infrastructure.ErrorLanguage.FromEnvironment(_ => ""));
    }

    // The other field problems of report and team files, a file that cannot be read and the text policy are coded and
    // worded in Russian; the English message stays what it was.
    [Fact]
    public async Task Field_problems_unreadable_files_and_refused_characters_are_worded_in_russian()
    {
        var db = _dir.File("kos.db");
        var unknownField = _dir.Write("field.json", """
            { "taskId": "T-1", "completedAt": "2026-03-02T14:00:00Z", "colour": "red",
              "participants": [ { "expert": "ivan", "outcome": "success" } ] }
            """);
        var noParticipants = _dir.Write("empty-list.json", """{ "taskId": "T-2", "completedAt": "2026-03-02T14:00:00Z", "participants": [] }""");
        var nul = _dir.Write("nul.json", """
            { "taskId": "T-\u0000", "completedAt": "2026-03-02T14:00:00Z", "participants": [ { "expert": "ivan", "outcome": "success" } ] }
            """);
        // A file the disk refuses to read (EIO at its first byte), even to root.
        const string unreadable = "/proc/self/mem";

        var run = await Kos.RunAsync("learn", unknownField, noParticipants, nul, unreadable, "--lang", "ru", "--data", db);

        Assert.Equal(2, run.ExitCode);
        var all = run.Out + run.Error;
        Assert.Contains($"{unknownField}: поле «colour» здесь неизвестно", all, StringComparison.Ordinal);
        Assert.Contains($"{noParticipants}: список «participants» пуст; нужен хотя бы один элемент.", all, StringComparison.Ordinal);
        Assert.Contains($"{nul}: в поле «taskId» недопустимый символ U+0000 на позиции 3.", all, StringComparison.Ordinal);
        Assert.Contains($"{unreadable}: файл не удалось прочитать (ошибка диска).", all, StringComparison.Ordinal);

        var en = await Kos.RunAsync("learn", noParticipants, "--lang", "en", "--data", db);
        Assert.Contains($"{noParticipants}: field 'participants' the list is empty; a report needs at least one participant.", en.Out + en.Error, StringComparison.Ordinal);

        var team = _dir.Write("team.json", """
            { "team": "t", "experts": [ { "slug": "ann", "displayName": "Анна", "role": "Dev" }, { "slug": "ann", "displayName": "Аня", "role": "QA" } ] }
            """);
        var twice = await Kos.RunAsync("onboard", team, "--lang", "ru", "--data", db);
        Assert.Equal(2, twice.ExitCode);
        Assert.Contains($"error: {team}: в поле «experts[1].slug» повтор: «ann» уже есть выше.", twice.Error, StringComparison.Ordinal);

        var budget = await Kos.RunAsync("context", "--task", "retries", "--budget", "5", "--lang", "ru", "--data", db);
        Assert.Equal(2, budget.ExitCode);
        Assert.Contains("error: --budget: бюджет должен быть от 500 до", budget.Error, StringComparison.Ordinal);

        var restore = await Kos.RunAsync("restore", _dir.File("none.db"), "--data", _dir.File("restored.db"), "--lang", "ru");
        Assert.Equal(2, restore.ExitCode);
        Assert.Contains($"error: {_dir.File("none.db")}: нет такого файла.", restore.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_file_that_cannot_be_read_is_a_coded_input_error_naming_it()
    {
        var folder = Directory.CreateDirectory(_dir.File("folder.json")).FullName;
        var denied = await Assert.ThrowsAsync<KnowledgeOs.InputException>(() => KnowledgeOs.Text.InputFile.ReadAllBytesAsync(folder, default));
        Assert.Equal((ErrorCodes.FileAccessDenied, folder), (denied.Code, denied.Args.Single()));
        Assert.StartsWith($"{folder}: cannot read the file: ", denied.Message, StringComparison.Ordinal);
        var gone = await Assert.ThrowsAsync<KnowledgeOs.InputException>(() => KnowledgeOs.Text.InputFile.ReadAllBytesAsync(_dir.File("gone.json"), default));
        Assert.Equal(ErrorCodes.FileMissing, gone.Code);
        Assert.Equal($"{_dir.File("gone.json")}: нет такого файла.", ErrorLabels.Text(gone, RenderLanguage.Ru));
    }

    // Spectre's common usage errors, known by their English words, are worded in Russian for a Russian run; the English
    // line stays as it was, and an unknown one stays as Spectre wrote it.
    [Theory]
    [InlineData("render --bogus --lang ru", "error: Неизвестный параметр «bogus». Справка: `kos --help` или `kos <команда> --help`.")]
    [InlineData("rendr ivan --lang ru", "error: Неизвестная команда «rendr». Может быть, вы имели в виду render? Справка:")]
    [InlineData("render --lang ru", "error: Команде «render» не хватает обязательного аргумента «EXPERT».")]
    [InlineData("route x --top abc --lang ru", "error: «abc» — неверное значение для этого параметра или аргумента.")]
    [InlineData("render a b --lang ru", "error: Аргументу «b» нет места в этой команде.")]
    [InlineData("render --bogus --lang en", "error: Unknown option 'bogus'. Run kos --help or kos <command> --help.")]
    [InlineData("rendr ivan", "error: Unknown command 'rendr'. Did you mean render? Run kos --help or kos <command> --help.")]
    public async Task Usage_errors_are_worded_in_the_run_s_language(string line, string expected)
    {
        var run = await Kos.RunAsync([.. line.Split(' '), "--data", _dir.File("usage.db")]);
        Assert.Equal(1, run.ExitCode);
        Assert.Contains(expected, run.Error, StringComparison.Ordinal);
    }

    private static async Task<KosRun> RunProcessAsync(string[] args, params (string Name, string Value)[] environment)
    {
        // Every variable the language is read from is set: the test's own environment does not leak in.
        var env = new Dictionary<string, string?> { ["KOS_LANG"] = "", ["LC_ALL"] = "", ["LC_MESSAGES"] = "", ["LANG"] = "" };
        foreach (var (name, value) in environment) env[name] = value;
        using var process = System.Diagnostics.Process.Start(KosProcess.Start(args, env))!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return new KosRun(process.ExitCode, await output, await error);
    }

    // Every code a throw site in src gives (ErrorCodes.X) and every code declared is worded in Russian, with no English
    // word but the arguments it is given and commands.
    [Fact]
    public void Every_error_code_thrown_in_src_has_a_russian_wording()
    {
        var declared = typeof(ErrorCodes).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral).ToDictionary(f => f.Name, f => (string)f.GetRawConstantValue()!);
        var used = Directory.GetFiles(Path.Combine(Repo.Root, "src"), "*.cs", SearchOption.AllDirectories)
            .SelectMany(f => Regex.Matches(File.ReadAllText(f), @"\bErrorCodes\.(\w+)").Select(m => m.Groups[1].Value))
            .Distinct().ToList();
        Assert.True(used.Count >= 8, string.Join(", ", used));
        Assert.All(used, name => Assert.True(declared.ContainsKey(name), $"ErrorCodes.{name} is not declared"));
        var failures = new List<string>();
        foreach (var (name, code) in declared)
        {
            var ru = ErrorLabels.Ru(code, ["арг", "арг", "арг", "арг", "арг"]);
            if (ru is null) { failures.Add($"{name}: no Russian wording"); continue; }
            // Commands are in code spans; formats, protocols and JSON's literals are technical terms.
            var words = Regex.Replace(ru.Replace("kos keys list", "", StringComparison.Ordinal), "`[^`]*`", "");
            foreach (Match m in Regex.Matches(words, "[A-Za-z]{2,}"))
                if (m.Value is not ("ru" or "en" or "JSON" or "SQLite" or "KnowledgeOS" or "UTF" or "true" or "false" or "HTTP" or "MCP"))
                    failures.Add($"{name}: '{m.Value}' in «{ru}»");
        }
        Assert.True(failures.Count == 0, string.Join('\n', failures));
        var error = KnowledgeOs.NotFoundException.Expert("demo", "ann");
        Assert.Equal("Team 'demo' has no expert 'ann'.", ErrorLabels.Text(error, RenderLanguage.En));
        Assert.Equal("В команде «demo» нет эксперта «ann».", ErrorLabels.Text(error, RenderLanguage.Ru));
        Assert.Null(ErrorLabels.Text(new KnowledgeOs.InputException("not coded"), RenderLanguage.Ru));
    }
}
