using KnowledgeOs.Tests.Support;

namespace KnowledgeOs.Tests.Cli;

public sealed class CliBadInputTests : IDisposable
{
    private readonly TempFolder _dir = new();

    private string Db => _dir.File("kos.db");

    private const string GoodReport = """
        { "taskId": "T-1", "title": "Add retries", "completedAt": "2026-03-02T10:00:00Z", "outcome": "success",
          "participants": [ { "expert": "igor", "newKnowledge": ["Retry with exponential backoff and jitter"] } ] }
        """;

    private async Task OnboardIgorAsync() =>
        Assert.Equal(0, (await Kos.RunAsync("expert", "add", "igor", "--name", "Игорь", "--role", "Backend Developer", "--data", Db)).ExitCode);

    private async Task<string> ExpertJsonAsync() => (await Kos.RunAsync("expert", "list", "--json", "--data", Db)).Out;

    [Fact]
    public async Task Broken_json_names_the_file_and_line_and_writes_nothing()
    {
        await OnboardIgorAsync();
        var before = await ExpertJsonAsync();
        var bad = _dir.Write("broken.json", "{\n  \"taskId\": \"T-1\",\n  \"title\": \n}");
        var run = await Kos.RunAsync("learn", bad, "--lang", "en", "--data", Db); // the English message (Igor's team is Russian: CliErrorLanguageTests)
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("broken.json", run.Out + run.Error);
        Assert.Contains("line 4", run.Out + run.Error);
        Assert.Equal(before, await ExpertJsonAsync());
    }

    [Theory]
    [InlineData("""{ "title": "x", "completedAt": "2026-03-02T10:00:00Z", "outcome": "success", "participants": [ { "expert": "igor" } ] }""", "taskId")]
    [InlineData("""{ "taskId": "T-2", "completedAt": "2026-03-02T10:00:00Z", "outcome": "great", "participants": [ { "expert": "igor" } ] }""", "outcome")]
    [InlineData("""{ "taskId": "T-3", "completedAt": "2026-03-02T10:00:00Z", "outcome": "success", "participants": [] }""", "participants")]
    public async Task A_bad_field_is_named_and_nothing_is_written(string json, string field)
    {
        await OnboardIgorAsync();
        var before = await ExpertJsonAsync();
        var run = await Kos.RunAsync("learn", _dir.Write("bad.json", json), "--lang", "en", "--data", Db); // the English message (Igor's team is Russian: CliErrorLanguageTests)
        Assert.Equal(2, run.ExitCode);
        Assert.Contains($"'{field}", run.Out + run.Error);
        Assert.Equal(before, await ExpertJsonAsync());
    }

    [Fact]
    public async Task Text_over_ten_thousand_characters_is_refused_with_its_field()
    {
        await OnboardIgorAsync();
        var huge = new string('x', 10_001);
        var json = $$"""{ "taskId": "T-4", "completedAt": "2026-03-02T10:00:00Z", "outcome": "success", "participants": [ { "expert": "igor", "newKnowledge": ["{{huge}}"] } ] }""";
        var run = await Kos.RunAsync("learn", _dir.Write("huge.json", json), "--lang", "en", "--data", Db); // the English message (Igor's team is Russian: CliErrorLanguageTests)
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("participants[0].newKnowledge[0]", run.Out + run.Error);
        Assert.Contains("10,000", run.Out + run.Error);
    }

    [Fact]
    public async Task An_unknown_expert_status_is_refused_naming_the_allowed_values_and_writes_nothing()
    {
        var add = await Kos.RunAsync("expert", "add", "kate", "--name", "Kate", "--role", "QA", "--status", "sleeping", "--data", Db);
        Assert.Equal(2, add.ExitCode);
        Assert.Contains("Unknown status 'sleeping' (expected active, paused or retired)", add.Out + add.Error);
        await OnboardIgorAsync();
        var before = await ExpertJsonAsync();
        var change = await Kos.RunAsync("expert", "change", "igor", "--status", "Asleep", "--data", Db);
        Assert.Equal(2, change.ExitCode);
        Assert.Contains("Unknown status 'Asleep' (expected active, paused or retired)", change.Out + change.Error);
        Assert.Equal(before, await ExpertJsonAsync());
        Assert.DoesNotContain("kate", before, StringComparison.Ordinal);
        Assert.Equal(0, (await Kos.RunAsync("expert", "change", "igor", "--status", "paused", "--data", Db)).ExitCode);
        Assert.Contains("\"status\": \"paused\"", await ExpertJsonAsync());
    }

    [Fact]
    public async Task A_good_report_beside_a_bad_one_is_still_learned()
    {
        await OnboardIgorAsync();
        var run = await Kos.RunAsync("learn", _dir.Write("r/good.json", GoodReport), _dir.Write("r/bad.json", "not json"), "--data", Db, "--json");
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("\"status\": \"learned\"", run.Out);
        Assert.Contains("\"status\": \"error\"", run.Out);
    }

    [Fact]
    public async Task Unknown_expert_is_an_error_unless_onboard_is_given()
    {
        var report = _dir.Write("r.json", GoodReport);
        var refused = await Kos.RunAsync("learn", report, "--data", Db);
        Assert.Equal(2, refused.ExitCode);
        Assert.Contains("--onboard", refused.Out + refused.Error);
        var accepted = await Kos.RunAsync("learn", report, "--onboard", "--data", Db);
        Assert.Equal(0, accepted.ExitCode);
        Assert.Contains("igor", await ExpertJsonAsync());
    }

    [Fact]
    public async Task A_file_that_is_not_sqlite_is_refused_and_left_untouched()
    {
        var notDb = _dir.Write("notes.db", "these are my notes, not a database\n");
        var run = await Kos.RunAsync("expert", "list", "--data", notDb);
        Assert.Equal(5, run.ExitCode);
        Assert.Contains("notes.db", run.Error);
        Assert.Equal("these are my notes, not a database\n", File.ReadAllText(notDb));
    }

    [Fact]
    public async Task A_read_only_data_folder_is_a_clear_error()
    {
        if (OperatingSystem.IsWindows() || Environment.UserName == "root") return; // root writes through read-only modes; the store test covers the message.
        var folder = Path.Combine(_dir.Path, "ro");
        Directory.CreateDirectory(folder);
        File.SetUnixFileMode(folder, UnixFileMode.UserRead | UnixFileMode.UserExecute);
        var run = await Kos.RunAsync("expert", "add", "igor", "--name", "Игорь", "--role", "Dev", "--data", Path.Combine(folder, "kos.db"));
        Assert.Equal(5, run.ExitCode);
        Assert.Contains("ro", run.Error);
    }

    [Fact]
    public async Task Usage_errors_exit_with_one()
    {
        var run = await Kos.RunAsync("learn", "--no-such-option");
        Assert.Equal(1, run.ExitCode);
    }

    [Fact]
    public async Task Unknown_section_names_the_valid_ones()
    {
        await OnboardIgorAsync();
        var run = await Kos.RunAsync("item", "add", "igor", "bookz", "SICP", "--data", Db);
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("best_practice", run.Error);
    }

    public void Dispose() => _dir.Dispose();
}
