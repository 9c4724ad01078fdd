using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using KnowledgeOs.Application;
using KnowledgeOs.Learning;
using KnowledgeOs.Programs;
using KnowledgeOs.Sqlite;
using KnowledgeOs.Tests.Api;
using KnowledgeOs.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace KnowledgeOs.Tests.Rendering;

/// <summary>
/// One language per dashboard page: every <c>/ui</c> page of the imported ATRA team — the team, each expert and their
/// history (an expert's knowledge base itself is the document checked above: only its lang here), search, route (empty and answered), the login form and the error pages — fetched from a real server on
/// loopback in Russian and in English, with the same word check as the documents: the data cut out, no word of the
/// other language left in the text people read (element text and the placeholder, aria-label, title and alt they are
/// shown). Text an element marks as the other language (<c>lang="…"</c>: a name, the switch's other language) is
/// the page saying so, and is not counted. A revised task leaves a retraction (and its English stored reason) in a
/// history page, and the live feed the recent events follow (<c>?lang=</c>, as the page asks it) words the newest events
/// the same way.
/// </summary>
public sealed partial class OneLanguageTests
{
    private const string SearchWords = "идемпотентности";
    private const string TaskWords = "Повторы платежей без дублей и очередь уведомлений";
    private static readonly string LongTask = new('a', 5000);

    [SkippableFact]
    public async Task Every_dashboard_page_of_the_imported_atra_team_is_in_one_language()
    {
        Skip.If(Repo.Fixtures is null, Repo.FixturesAbsent);
        var folder = new TempFolder();
        var path = folder.File("kos.db");
        var time = new FakeTimeProvider(Now);
        List<string> data;
        List<string> slugs;
        await using (var store = await SqliteEventStore.OpenAsync(path, time, default))
        {
            await new ImportService(store, time).ImportAsync("atra", [Path.Combine(Repo.Fixtures!, "atra")]);
            var service = new KnowledgeService(store, time);
            foreach (var report in Reports()) await service.LearnAsync("atra", report, onboardUnknown: false, default);
            await service.LearnAsync("atra", Revision(), onboardUnknown: false, amend: true, default);
            var reports = new LearningReports(service, ProgramCatalog.Builtin, time);
            // The words people typed are data too: the search, the task (and its words as the routing matched them), the slugs in the addresses.
            var values = new List<string> { "atra", "nobody", SearchWords, TaskWords, LongTask };
            values.AddRange(TaskWords.ToLowerInvariant().Split(' ').Where(w => w.Length > 4));
            var states = await reports.StatesAsync("atra", null, default);
            slugs = [.. states.Select(s => s.Slug)];
            foreach (var s in states)
            {
                var p = await reports.ProgramAsync("atra", s.Slug, null, default);
                Strings(JsonSerializer.SerializeToElement(p.State), values);
                Strings(JsonSerializer.SerializeToElement(p.Template), values);
                Strings(JsonSerializer.SerializeToElement(p.Claims), values);
                foreach (var i in p.Items) values.Add(i.Item.Rule.Text);
                foreach (var m in p.Materials ?? []) values.AddRange([m.Entry.Text, m.Entry.Rule.Text]);
            }
            data = Prepared(values);
        }
        await using var server = await ApiServer.StartAsync(ApiServer.Options(path), folder);

        const string team = "/ui/teams/atra";
        var pages = new List<(string Path, HttpStatusCode Status)>
        {
            ("/ui", HttpStatusCode.OK), (team, HttpStatusCode.OK), (team + "?sort=level&dir=asc", HttpStatusCode.OK),
            (team + "/search", HttpStatusCode.OK), (team + "/search?q=" + Uri.EscapeDataString(SearchWords), HttpStatusCode.OK),
            (team + "/route", HttpStatusCode.OK), (team + "/route?task=" + Uri.EscapeDataString(TaskWords), HttpStatusCode.OK),
            ("/ui/login", HttpStatusCode.OK),
            // The error pages: a missing expert, a missing team, a bad date, a bad slug, an over-long task.
            (team + "/experts/nobody", HttpStatusCode.NotFound), (team + "/experts/nobody/history", HttpStatusCode.NotFound),
            ("/ui/teams/nobody", HttpStatusCode.NotFound), (team + "?asOf=yesterday", HttpStatusCode.BadRequest),
            (team + "/experts/igor?asOf=1999-01-01T00:00:00Z", HttpStatusCode.NotFound), ("/ui/teams/Bad_Slug", HttpStatusCode.BadRequest),
            (team + "/route?task=" + LongTask, HttpStatusCode.BadRequest),
        };
        foreach (var slug in slugs) pages.AddRange([($"{team}/experts/{slug}", HttpStatusCode.OK), ($"{team}/experts/{slug}/history", HttpStatusCode.OK)]);

        var failures = new List<string>();
        foreach (var (code, foreign) in new[] { ("ru", LatinWord()), ("en", CyrillicWord()) })
        {
            var other = code == "ru" ? "en" : "ru";
            foreach (var (page, status) in pages)
            {
                using var client = server.NewClient();
                using var response = await client.GetAsync(page + (page.Contains('?', StringComparison.Ordinal) ? "&" : "?") + "lang=" + code);
                var html = await response.Content.ReadAsStringAsync();
                Assert.True(response.StatusCode == status, $"{page}: {(int)response.StatusCode} {html}");
                if (!html.Contains($"<html lang=\"{code}\">", StringComparison.Ordinal)) failures.Add($"{code} {page}: <html lang> is not {code}]");
                // The knowledge base inside an expert's page is the document the test above checks word by word: here,
                // only that it is rendered in the page's language.
                foreach (Match article in Article().Matches(html))
                    if (article.Groups[1].Value != code) failures.Add($"{code} {page}: <article lang=\"{article.Groups[1].Value}\">]");
                var lines = WithoutData(Unchecked().Replace(Readable(Article().Replace(html, "\n"), other), " "), data).Split('\n');
                foreach (var line in lines)
                {
                    var stray = Stray(line, foreign);
                    if (stray.Count > 0) failures.Add($"{code} {page[..Math.Min(page.Length, 60)]}: [{string.Join(", ", stray)}] in «{line.Trim()}»");
                }
            }
        }
        // The live list's lines: the newest events as the feed words them for a page in each language.
        var head = await server.Client.HeadPositionAsync("atra");
        foreach (var (code, foreign) in new[] { ("ru", LatinWord()), ("en", CyrillicWord()) })
        {
            var live = await LiveWhatAsync(server, head, code);
            Assert.Contains(live, w => code == "ru" ? w.StartsWith("удалено ревизией ", StringComparison.Ordinal) : w.StartsWith("removed by revision ", StringComparison.Ordinal));
            foreach (var what in live)
                if (Stray(WithoutData(what, data), foreign) is { Count: > 0 } stray) failures.Add($"{code} live event: [{string.Join(", ", stray)}] in «{what}»");
        }
        Assert.True(failures.Count == 0, $"{failures.Count} lines carry words of the other language:\n" + string.Join("\n", failures.DistinctBy(f => f[f.IndexOf(": ", StringComparison.Ordinal)..]).Take(60)));

        // The check is not vacuous: the English the Russian pages used to carry is caught.
        foreach (var old in new[] { "<td>matched идемпотентности in 2 items (learned: 2); level 3</td>", "<label for=\"key\">API key</label>", "<p class=\"error\">Team 'atra' has no expert 'nobody'.</p>" })
            Assert.NotEmpty(Stray(WithoutData(Unchecked().Replace(Readable(old, "en"), " "), data), LatinWord()));
        Assert.Empty(Stray(WithoutData(Unchecked().Replace(Readable("<a href=\"?lang=en\" lang=\"en\">EN</a> <p title=\"Поиск\">атра</p> (поле 'asOf')", "en"), " "), data), LatinWord()));
        Assert.NotEmpty(Stray(Readable("<input placeholder=\"Search\">", "en"), LatinWord()));
    }

    // The "what" of the last events up to head, as the SSE feed sends them to a page in this language.
    private static async Task<List<string>> LiveWhatAsync(ApiServer server, long head, string code)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        using var client = server.NewClient();
        using var response = await client.GetAsync($"api/v1/teams/atra/events/stream?after={Math.Max(0, head - 20)}&lang={code}", HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(timeout.Token));
        var what = new List<string>();
        while (await reader.ReadLineAsync(timeout.Token) is { } line)
        {
            if (!line.StartsWith("data: {", StringComparison.Ordinal)) continue;
            var view = JsonDocument.Parse(line[6..]).RootElement;
            what.Add(view.GetProperty("what").GetString()!);
            if (view.GetProperty("position").GetInt64() >= head) break;
        }
        return what;
    }

    // What a person reads on a page: element text and the placeholder/aria-label/title/alt values, each on its own line;
    // no markup, no script, and no element marked as the other language (its own lang attribute says it is foreign on purpose).
    private static string Readable(string html, string other)
    {
        html = Hidden().Replace(html, "\n");
        html = new Regex($"<(\\w+)\\b[^>]*\\blang=\"{other}\"[^>]*>[^<]*</\\1>").Replace(html, "\n");
        var shown = Shown().Matches(html).Select(m => m.Groups[2].Value);
        var text = Tag().Replace(html, "\n") + "\n" + string.Join("\n", shown);
        return WebUtility.HtmlDecode(text).Replace('\u00a0', ' ');
    }

    // Written as is in both languages: the product's name, the switch's RU | EN, the names of formats (as CatalogTests
    // allows them), commands and their options, the field an error names (a query parameter, as typed), sources
    // (import:file, task:id — provenance as recorded and as --source takes it), file paths,
    // dates with their T and Z; like CatalogTests, a command in a sentence is not a word of the sentence's language.
    [GeneratedRegex(@"KnowledgeOS|UTC|\b(RU|EN|JSON|Markdown|JavaScript)\b|(поле|field) '[^']*'|\b(task|retro|import|feed|manual):\S*|kos( --?[a-z]+| <[a-z]+>| [a-zA-Z]+)+|[\w./-]+\.(md|svg|json)|\d{4}-\d\d-\d\dT?[\d:.]*Z?|https?://\S+")]
    private static partial Regex Unchecked();

    [GeneratedRegex(@"<(script|style)\b.*?</\1>", RegexOptions.Singleline)]
    private static partial Regex Hidden();

    [GeneratedRegex(@"\b(placeholder|aria-label|title|alt)=""([^""]*)""")]
    private static partial Regex Shown();

    [GeneratedRegex(@"<article\b[^>]*\blang=""(\w+)""[^>]*>.*?</article>", RegexOptions.Singleline)]
    private static partial Regex Article();

    [GeneratedRegex(@"<[^>]+>")]
    private static partial Regex Tag();
}
