using System.Text.RegularExpressions;
using KnowledgeOs.Cli.Infrastructure;
using KnowledgeOs.Tests.Api;
using KnowledgeOs.Tests.Learning;
using KnowledgeOs.Tests.Support;

namespace KnowledgeOs.Tests.Dashboard;

/// <summary>
/// The reasons a revision of a task (<c>kos learn --amend</c>) stores in English — an item it removed, a participant it
/// no longer names — are worded in the language of the page or table that shows them: <c>kos history</c>, the history
/// page and the recent events.
/// </summary>
public sealed partial class RetractionHistoryLanguageTests : IDisposable
{
    private readonly TempFolder _dir = new();

    private string Db => _dir.File("kos.db");

    // The sample retrospective's team (Павел, Мария: Russian names) is Russian; the revision drops Мария and an item of Павел's.
    private async Task<string> AmendedAsync()
    {
        var original = _dir.Write("ATRA-42_1.json", AmendedRetrospectiveContract.Retrospective(revised: false));
        var revision = _dir.Write("ATRA-42_2.json", AmendedRetrospectiveContract.RetrospectiveWithoutMaria());
        Assert.Equal(ExitCodes.Ok, (await Kos.RunAsync("learn", original, "--onboard", "--data", Db)).ExitCode);
        var amend = await Kos.RunAsync("learn", revision, "--amend", "--data", Db);
        Assert.True(amend.ExitCode == ExitCodes.Ok, amend.Out + amend.Error);
        var json = (await Kos.RunAsync("history", "pavel", "--json", "--data", Db)).Out;
        return StoredRetraction().Match(json) is { Success: true } m ? m.Groups[1].Value : throw new Xunit.Sdk.XunitException("no stored retraction reason in " + json);
    }

    [GeneratedRegex(@"removed by revision ([0-9a-f]{8}) of task ATRA-42")]
    private static partial Regex StoredRetraction();

    [Fact]
    public async Task Kos_history_words_the_retraction_of_a_revision_in_the_teams_language_and_lang_en_keeps_the_english()
    {
        var revision = await AmendedAsync();

        var ru = await Kos.RunAsync("history", "pavel", "--data", Db);
        var en = await Kos.RunAsync("history", "pavel", "--lang", "en", "--data", Db);

        Assert.Equal(ExitCodes.Ok, ru.ExitCode);
        // A table cell may wrap: the words are checked one by one, and no English word of the stored line is left.
        foreach (var word in new[] { "отозвана:", "удалено", "ревизией", revision, "задачи" }) Assert.Contains(word, ru.Out, StringComparison.Ordinal);
        foreach (var word in new[] { "removed", "revision", "retracted" }) Assert.DoesNotContain(word, ru.Out, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Ok, en.ExitCode);
        foreach (var word in new[] { "retracted:", "removed", "revision", revision }) Assert.Contains(word, en.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_history_page_and_the_recent_events_word_a_revisions_retraction_and_withdrawal_in_the_page_language()
    {
        var revision = await AmendedAsync();
        await using var server = await ApiServer.StartAsync(ApiServer.Options(Db));
        using var client = server.NewClient();
        const string maria = "mariya"; // Мария, onboarded from the report

        var pavelRu = await client.GetStringAsync("ui/teams/default/experts/pavel/history?lang=ru");
        var mariaRu = await client.GetStringAsync($"ui/teams/default/experts/{maria}/history?lang=ru");
        var teamRu = await client.GetStringAsync("ui/teams/default?lang=ru");
        var pavelEn = await client.GetStringAsync("ui/teams/default/experts/pavel/history?lang=en");
        var mariaEn = await client.GetStringAsync($"ui/teams/default/experts/{maria}/history?lang=en");

        Assert.Contains($"<td>удалено ревизией {revision} задачи ATRA-42</td>", pavelRu, StringComparison.Ordinal);
        Assert.Contains($"<td>ревизия {revision} задачи ATRA-42 не называет эксперта</td>", mariaRu, StringComparison.Ordinal);
        Assert.Contains($">удалено ревизией {revision} задачи ATRA-42</span>", teamRu, StringComparison.Ordinal);
        foreach (var page in new[] { pavelRu, mariaRu, teamRu })
        {
            Assert.DoesNotContain("removed by revision", page, StringComparison.Ordinal);
            Assert.DoesNotContain("not named by revision", page, StringComparison.Ordinal);
        }
        Assert.Contains($"removed by revision {revision} of task ATRA-42", pavelEn, StringComparison.Ordinal);
        Assert.Contains($"not named by revision {revision} of task ATRA-42", mariaEn, StringComparison.Ordinal);
    }

    public void Dispose() => _dir.Dispose();
}
