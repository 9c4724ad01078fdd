using System.Net;
using KnowledgeOs.Server.Dashboard;
using KnowledgeOs.Tests.Api;

namespace KnowledgeOs.Tests.Dashboard;

/// <summary>
/// The dashboard's chrome is in one language: the team's by default, the one <c>?lang=</c> chose (kept in a cookie)
/// after; <c>&lt;html lang&gt;</c> says which, a RU | EN switch is on every page, and content in the other language
/// carries its own <c>lang</c>.
/// </summary>
public sealed class DashboardLanguageTests
{
    private const string Overview = "ui/teams/" + SampleServer.Team;

    private static async Task<(HttpResponseMessage Response, string Body)> GetAsync(HttpClient client, string path, HttpStatusCode status = HttpStatusCode.OK)
    {
        var response = await client.GetAsync(path);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"{path}: {(int)response.StatusCode} {body}");
        return (response, body);
    }

    [Fact]
    public async Task The_russian_sample_team_gets_russian_chrome_until_english_is_chosen_and_the_choice_is_kept()
    {
        await using var server = await SampleServer.StartAsync();
        using var client = server.NewClient(); // its own cookie jar
        var (_, ru) = await GetAsync(client, Overview);
        Assert.Contains("<html lang=\"ru\">", ru, StringComparison.Ordinal);
        Assert.Contains("<h2>Эксперты</h2>", ru, StringComparison.Ordinal);
        Assert.Contains("aria-current=\"true\">RU</a>", ru, StringComparison.Ordinal);
        Assert.Contains($"href=\"/ui/teams/default?lang=en\" hreflang=\"en\" lang=\"en\">EN</a>", ru, StringComparison.Ordinal);
        Assert.DoesNotContain("<h2>Experts</h2>", ru, StringComparison.Ordinal);

        var (chosen, en) = await GetAsync(client, Overview + "?sort=name&lang=en");
        Assert.Contains("<html lang=\"en\">", en, StringComparison.Ordinal);
        Assert.Contains("<h2>Experts</h2>", en, StringComparison.Ordinal);
        Assert.Contains("href=\"/ui/teams/default?sort=name&amp;lang=ru\"", en, StringComparison.Ordinal);
        Assert.Contains(chosen.Headers.GetValues("Set-Cookie"), c => c.StartsWith($"{PageLanguage.Cookie}=en", StringComparison.Ordinal));
        chosen.Dispose();

        // Kept: the next pages, without ?lang=, are English; Russian data on them says it is Russian.
        var (_, expert) = await GetAsync(client, Overview + "/experts/dmitriy");
        Assert.Contains("<html lang=\"en\">", expert, StringComparison.Ordinal);
        Assert.Contains("<h1 lang=\"ru\">Дмитрий</h1>", expert, StringComparison.Ordinal);
        Assert.Contains("<h2>Metrics</h2>", expert, StringComparison.Ordinal);
        Assert.Contains("📚 KNOWLEDGE BASE", expert, StringComparison.Ordinal);
        var (_, history) = await GetAsync(client, Overview + "/experts/dmitriy/history");
        Assert.Contains("<th scope=\"col\">Happened</th>", history, StringComparison.Ordinal);

        var (_, back) = await GetAsync(client, Overview + "/experts/dmitriy?lang=ru");
        Assert.Contains("<html lang=\"ru\">", back, StringComparison.Ordinal);
        Assert.Contains("<h2>Метрики</h2>", back, StringComparison.Ordinal);
        Assert.Contains("📚 БАЗА ЗНАНИЙ", back, StringComparison.Ordinal);
        Assert.Contains("<h1>Дмитрий</h1>", back, StringComparison.Ordinal);
    }

    [Fact]
    public async Task What_the_next_level_needs_the_status_and_the_past_view_line_are_in_the_page_language()
    {
        await using var server = await SampleServer.StartAsync();
        using var client = server.NewClient();
        var (_, ru) = await GetAsync(client, Overview + "/experts/dmitriy?lang=ru");
        Assert.Contains("<h2>Для уровня 3</h2>", ru, StringComparison.Ordinal);
        Assert.Matches(@"<li>ещё успешных задач: \d+</li>", ru);
        Assert.DoesNotContain("more successful tasks", ru, StringComparison.Ordinal);
        Assert.Contains(" · активен · ", ru, StringComparison.Ordinal);
        var (_, en) = await GetAsync(client, Overview + "/experts/dmitriy?lang=en");
        Assert.Contains("<h2>For level 3</h2>", en, StringComparison.Ordinal);
        Assert.Matches(@"<li>\d+ more successful tasks</li>", en);
        Assert.Contains(" · active · ", en, StringComparison.Ordinal);

        var (_, pastRu) = await GetAsync(client, Overview + "/experts/dmitriy?asOf=2099-01-01T00:00:00Z&lang=ru");
        Assert.Contains("Дмитрий на 2099-01-01 00:00:00Z (docs/TIME.md)", pastRu, StringComparison.Ordinal);
        var (_, recordedEn) = await GetAsync(client, Overview + "/experts/dmitriy?recordedAsOf=2099-01-01T00:00:00Z&lang=en");
        Assert.Contains("Дмитрий as recorded by 2099-01-01 00:00:00Z (docs/TIME.md)", recordedEn, StringComparison.Ordinal);
        var (_, teamRu) = await GetAsync(client, Overview + "?asOf=2099-01-01T00:00:00Z&lang=ru");
        Assert.Contains("Команда на 2099-01-01 00:00:00Z (docs/TIME.md); последние события — самые свежие.", teamRu, StringComparison.Ordinal);
        var (_, teamEn) = await GetAsync(client, Overview + "?asOf=2099-01-01T00:00:00Z&lang=en");
        Assert.Contains("The team as of 2099-01-01 00:00:00Z (docs/TIME.md); recent events are the latest.", teamEn, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_english_team_gets_english_chrome_and_a_bad_lang_is_a_400_page_naming_it()
    {
        await using var server = await ApiServer.StartAsync();
        using (var added = await server.Client.PostAsync("api/v1/teams/crew/experts", Http.Json(Http.Expert("ann", "Ann", "Backend Developer"))))
            Assert.True(added.IsSuccessStatusCode, await added.Content.ReadAsStringAsync());
        using var client = server.NewClient();
        var (_, page) = await GetAsync(client, "ui/teams/crew");
        Assert.Contains("<html lang=\"en\">", page, StringComparison.Ordinal);
        Assert.Contains("<h2>Experts</h2>", page, StringComparison.Ordinal);
        Assert.Contains("<h1>Team crew</h1>", page, StringComparison.Ordinal);
        var (_, bad) = await GetAsync(client, "ui/teams/crew?lang=de", HttpStatusCode.BadRequest);
        Assert.Contains("field &#39;lang&#39;", bad, StringComparison.Ordinal);
    }

    // Issue #14: a domain error with a Russian wording is shown in Russian on a Russian page (not its English message
    // marked lang="en"), and as its English message on an English page.
    [Fact]
    public async Task A_missing_expert_page_words_the_error_in_the_page_language()
    {
        await using var server = await SampleServer.StartAsync();
        using var client = server.NewClient();
        var (_, ru) = await GetAsync(client, Overview + "/experts/nobody?lang=ru", HttpStatusCode.NotFound);
        // The values the error quotes as given (slugs, fields, typed dates) are marked as the Latin text they are.
        Assert.Contains($"<p class=\"muted\">В команде «<span lang=\"en\">{SampleServer.Team}</span>» нет эксперта «<span lang=\"en\">nobody</span>».</p>",
            WebUtility.HtmlDecode(ru), StringComparison.Ordinal);
        Assert.DoesNotContain("has no expert", ru, StringComparison.Ordinal);
        var (_, en) = await GetAsync(client, Overview + "/experts/nobody?lang=en", HttpStatusCode.NotFound);
        Assert.Contains($"Team &#39;{SampleServer.Team}&#39; has no expert &#39;nobody&#39;.", en, StringComparison.Ordinal);
    }
}
