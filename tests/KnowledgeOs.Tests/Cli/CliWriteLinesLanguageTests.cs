using KnowledgeOs.Tests.Support;

namespace KnowledgeOs.Tests.Cli;

/// <summary>
/// The line a write command prints (<c>kos expert add</c>, <c>expert change</c>, <c>onboard</c>) is in the team's language
/// like every other line of the CLI; <c>--lang en</c> gives the English words those commands always printed.
/// </summary>
public sealed class CliWriteLinesLanguageTests : IDisposable
{
    private readonly TempFolder _dir = new();

    private string Db => _dir.File("kos.db");

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Expert_add_and_change_speak_russian_on_a_russian_team_and_the_old_english_with_lang_en()
    {
        Assert.Equal(0, (await Kos.RunAsync("demo", "--data", Db, "--json")).ExitCode);

        var added = await Kos.RunAsync("expert", "add", "olga", "--name", "Ольга", "--role", "QA Engineer", "--data", Db);
        Assert.True(added.ExitCode == 0, added.Error);
        Assert.Equal("Эксперт olga добавлен в команду default.", added.Out.Trim());
        var again = await Kos.RunAsync("expert", "add", "olga", "--name", "Ольга", "--role", "QA Engineer", "--lang", "en", "--data", Db);
        Assert.Equal("olga already onboarded; nothing changed.", again.Out.Trim());

        var changed = await Kos.RunAsync("expert", "change", "olga", "--priority", "2", "--data", Db);
        Assert.True(changed.ExitCode == 0, changed.Error);
        Assert.Matches(@"^Эксперт olga изменён \(версия \d+\)\.$", changed.Out.Trim());
        var same = await Kos.RunAsync("expert", "change", "olga", "--priority", "2", "--data", Db);
        Assert.Equal("Ничего не отличается; ничего не изменилось.", same.Out.Trim());
        var english = await Kos.RunAsync("expert", "change", "olga", "--priority", "1", "--lang", "en", "--data", Db);
        Assert.Matches(@"^Changed olga \(version \d+\)\.$", english.Out.Trim());
        Assert.Equal("Nothing differs; nothing changed.",
            (await Kos.RunAsync("expert", "change", "olga", "--priority", "1", "--lang", "en", "--data", Db)).Out.Trim());
    }

    [Fact]
    public async Task Onboard_counts_in_the_team_language()
    {
        var file = _dir.File("team.json");
        await File.WriteAllTextAsync(file, """
            {"team": "crew", "project": "ORB", "experts": [
              {"slug": "ivan", "displayName": "Иван", "role": "Backend Developer", "responsibility": "Платежи и возвраты"}]}
            """);
        var first = await Kos.RunAsync("onboard", file, "--team", "crew", "--data", Db);
        Assert.True(first.ExitCode == 0, first.Error);
        Assert.Equal("В команде crew: добавлено 1, уже были 0.", first.Out.Trim());
        var english = await Kos.RunAsync("onboard", file, "--team", "crew", "--lang", "en", "--data", Db);
        Assert.Equal("0 onboarded, 1 already there, in team crew.", english.Out.Trim());
    }
}
