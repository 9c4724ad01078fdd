using System.Text.RegularExpressions;
using KnowledgeOs.Tests.Api;
using KnowledgeOs.Tests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace KnowledgeOs.Tests.Dashboard;

/// <summary>The dashboard in a real browser (headless Debian Chromium) against a real server loaded with the sample team.</summary>
[Collection(BrowserCollection.Name)]
public sealed class DashboardBrowserTests(BrowserFixture fixture)
{
    private const string Overview = "ui/teams/" + SampleServer.Team;

    private async Task<(IBrowserContext Context, IPage Page, List<string> Problems)> OpenAsync(ApiServer server)
    {
        Skip.If(fixture.Browser is null, fixture.SkipReason);
        var context = await fixture.Browser!.NewContextAsync(new BrowserNewContextOptions { BaseURL = server.Address.ToString() });
        context.SetDefaultTimeout(20_000);
        var page = await context.NewPageAsync();
        // A CSP violation, a script error or an alert() would show up here.
        var problems = new List<string>();
        page.Console += (_, m) => { if (m.Type == "error") problems.Add("console: " + m.Text); };
        page.PageError += (_, e) => problems.Add("page error: " + e);
        page.Dialog += (_, d) => { problems.Add("dialog: " + d.Message); _ = d.DismissAsync(); };
        return (context, page, problems);
    }

    [SkippableFact]
    public async Task The_overview_lists_the_five_sample_experts_with_their_levels_and_a_screenshot_is_written()
    {
        // Before starting a server: without the browser there is nothing to drive.
        Skip.If(fixture.Browser is null, fixture.SkipReason);
        await using var server = await SampleServer.StartAsync();
        var (context, page, problems) = await OpenAsync(server);
        await using var _ = context;
        await page.GotoAsync(Overview);
        var rows = page.Locator("#experts tbody tr");
        await Expect(rows).ToHaveCountAsync(SampleServer.Experts.Length);
        foreach (var slug in SampleServer.Experts)
        {
            var row = page.Locator($"#experts tbody tr[data-slug=\"{slug}\"]");
            await Expect(row.Locator("td.level")).ToContainTextAsync(new Regex(@"Уровень [1-5]")); // the sample team is Russian
            await Expect(row.Locator("td.level .reason")).ToContainTextAsync("★");
        }
        await Expect(page.Locator("#ranking tbody tr")).ToHaveCountAsync(SampleServer.Experts.Length);
        // The charts are images the browser loaded (an SVG that failed to load has no natural width).
        foreach (var chart in await page.Locator("img.chart").AllAsync())
            Assert.True(await chart.EvaluateAsync<int>("img => img.naturalWidth") > 0, await chart.GetAttributeAsync("src"));
        // The script has taken the list over (it follows the feed; the live test shows events arriving).
        await Expect(page.Locator("#events")).ToHaveAttributeAsync("data-following", "true");

        var screenshot = Path.Combine(BrowserFixture.Screenshots, "overview.png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = screenshot, FullPage = true });
        Assert.True(new FileInfo(screenshot).Length > 10_000, "the screenshot is written");
        Assert.Empty(problems);
    }

    [SkippableFact]
    public async Task Sorting_by_a_column_heading_reorders_the_experts()
    {
        // Before starting a server: without the browser there is nothing to drive.
        Skip.If(fixture.Browser is null, fixture.SkipReason);
        await using var server = await SampleServer.StartAsync();
        var (context, page, problems) = await OpenAsync(server);
        await using var _ = context;
        await page.GotoAsync(Overview);
        await page.Locator("#experts thead a", new PageLocatorOptions { HasText = "Эксперт" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("sort=name&dir=asc$"));
        var slugs = await page.Locator("#experts tbody tr").EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.slug)");
        var names = await page.Locator("#experts tbody tr a.expert").AllTextContentsAsync();
        Assert.Equal(names.Order(StringComparer.CurrentCulture), names);
        Assert.Equal(SampleServer.Experts.Length, slugs.Length);
        Assert.Empty(problems);
    }

    [SkippableFact]
    public async Task Clicking_an_expert_shows_the_knowledge_base_as_HTML_with_metrics_history_search_and_routing()
    {
        // Before starting a server: without the browser there is nothing to drive.
        Skip.If(fixture.Browser is null, fixture.SkipReason);
        await using var server = await SampleServer.StartAsync();
        var (context, page, problems) = await OpenAsync(server);
        await using var _ = context;
        await page.GotoAsync(Overview + "?lang=en"); // chosen once, kept by the cookie on every page below
        await page.Locator("#experts tbody tr[data-slug=\"ivan\"] a.expert").ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/ui/teams/default/experts/ivan$"));
        var knowledge = page.Locator("#knowledge");
        // Markdown became elements: headings, list items; no Markdown syntax left as text.
        // The page's h1 is the name; the document's own headings sit one level below it.
        Assert.Equal(1, await page.Locator("h1").CountAsync());
        Assert.True(await knowledge.Locator("h3").CountAsync() >= 3);
        Assert.True(await knowledge.Locator("li").CountAsync() >= 3);
        Assert.DoesNotContain("## ", await knowledge.InnerTextAsync(), StringComparison.Ordinal);
        await Expect(page.Locator("#metrics")).ToContainTextAsync("Successful");
        await page.Locator("a", new PageLocatorOptions { HasText = "History" }).ClickAsync();
        await Expect(page.Locator("#history tbody tr").First).ToBeVisibleAsync();
        await Expect(page.Locator("#history")).ToContainTextAsync("ExpertOnboarded");

        // The search box in the header finds items and links to their experts.
        await page.Locator("header form.search input").FillAsync("идемпотентность");
        await page.Locator("header form.search input").PressAsync("Enter");
        await Expect(page.Locator("#hits tbody tr").First).ToBeVisibleAsync();
        await page.Locator("#hits tbody tr a").First.ClickAsync();
        await Expect(page.Locator("#knowledge")).ToBeVisibleAsync();

        // Who should take a task: the routing form answers with ranked experts and reasons.
        await page.Locator("nav a", new PageLocatorOptions { HasText = "Who should take a task" }).ClickAsync();
        await page.Locator("textarea[name=task]").FillAsync("Настроить blue-green деплой платёжного шлюза");
        await page.Locator("main form button").ClickAsync();
        await Expect(page.Locator("#route tbody tr").First).ToBeVisibleAsync();
        Assert.Empty(problems);
    }

    [SkippableFact]
    public async Task The_language_switch_turns_the_pages_english_and_back_and_the_choice_follows_the_links()
    {
        Skip.If(fixture.Browser is null, fixture.SkipReason);
        await using var server = await SampleServer.StartAsync();
        var (context, page, problems) = await OpenAsync(server);
        await using var _ = context;
        await page.GotoAsync(Overview);
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "ru");
        await Expect(page.Locator("main h2").First).ToHaveTextAsync("Эксперты");

        await page.Locator("#lang-switch a", new PageLocatorOptions { HasText = "EN" }).ClickAsync();
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "en");
        await Expect(page.Locator("main h2").First).ToHaveTextAsync("Experts");
        await Expect(page.Locator("#lang-switch a[aria-current=true]")).ToHaveTextAsync("EN");
        // The choice is kept: a link without lang= opens the expert in English, Russian data marked as such.
        await page.Locator("#experts tbody tr[data-slug=\"dmitriy\"] a.expert").ClickAsync();
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "en");
        await Expect(page.Locator("#metrics")).ToContainTextAsync("Successful");
        await Expect(page.Locator("h1")).ToHaveAttributeAsync("lang", "ru");

        await page.Locator("#lang-switch a", new PageLocatorOptions { HasText = "RU" }).ClickAsync();
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "ru");
        await Expect(page.Locator("#metrics")).ToContainTextAsync("Успешных");
        await page.Locator("header nav a.brand").ClickAsync();
        await Expect(page.Locator("main h2").First).ToHaveTextAsync("Эксперты");
        Assert.Empty(problems);
    }

    [SkippableFact]
    public async Task A_name_and_items_full_of_markup_are_shown_as_text_and_never_run()
    {
        // Before starting a server: without the browser there is nothing to drive.
        Skip.If(fixture.Browser is null, fixture.SkipReason);
        await using var server = await SampleServer.StartAsync();
        const string Evil = "<script>alert(1)</script>";
        const string EvilItem = "<img src=x onerror=alert(2)> and [click](javascript:alert(3))";
        using (var onboard = await server.Client.PostAsync($"api/v1/teams/{SampleServer.Team}/experts",
            Http.Json(new { slug = "mallory", displayName = Evil, role = "<b>Role</b>", project = "Orbit", tags = new[] { "x" } })))
            Assert.True(onboard.IsSuccessStatusCode, await onboard.Content.ReadAsStringAsync());
        await server.Client.LearnAsync(SampleServer.Team, Http.Report("XSS-1", "mallory", EvilItem));
        var (context, page, problems) = await OpenAsync(server);
        await using var _ = context;
        await page.GotoAsync(Overview);
        var link = page.Locator("#experts tbody tr[data-slug=\"mallory\"] a.expert");
        await Expect(link).ToHaveTextAsync(Evil);
        Assert.Equal(1, await page.Locator("script").CountAsync());
        await link.ClickAsync();
        await Expect(page.Locator("main > h1")).ToHaveTextAsync(Evil);
        await Expect(page.Locator("#knowledge")).ToContainTextAsync("<img src=x onerror=alert(2)>");
        Assert.Equal(0, await page.Locator("#knowledge img").CountAsync());
        Assert.Equal("#", await page.Locator("#knowledge a", new PageLocatorOptions { HasText = "click" }).GetAttributeAsync("href"));
        await page.Locator("#knowledge a", new PageLocatorOptions { HasText = "click" }).ClickAsync();
        Assert.Empty(problems);
    }

    [SkippableFact]
    public async Task A_report_posted_through_the_API_appears_in_the_live_events_without_a_reload()
    {
        // Before starting a server: without the browser there is nothing to drive.
        Skip.If(fixture.Browser is null, fixture.SkipReason);
        await using var server = await SampleServer.StartAsync();
        var (context, page, problems) = await OpenAsync(server);
        await using var _ = context;
        await page.GotoAsync(Overview);
        await Expect(page.Locator("#events")).ToHaveAttributeAsync("data-following", "true");
        // A reload would lose this.
        await page.EvaluateAsync("() => { window.kosMarker = 42; }");

        await server.Client.LearnAsync(SampleServer.Team, Http.Report("LIVE-1", "ivan", "Dashboard live fact: feature flags need an owner"));

        var fact = page.Locator("#events li.live", new PageLocatorOptions { HasText = "Dashboard live fact: feature flags need an owner" });
        await Expect(fact).ToHaveCountAsync(1);
        await Expect(page.Locator("#events li.live", new PageLocatorOptions { HasText = "Task LIVE-1" })).ToHaveCountAsync(1);
        await Expect(fact.Locator("a")).ToHaveAttributeAsync("href", "/ui/teams/default/experts/ivan");
        // English text on the Russian page is marked as English, as the server marks the lines it draws.
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "ru");
        await Expect(fact.Locator(".what")).ToHaveAttributeAsync("lang", "en");
        await Expect(page.Locator("#events")).ToHaveAttributeAsync("data-live", "true");
        Assert.Equal(42, await page.EvaluateAsync<int>("() => window.kosMarker"));
        Assert.Empty(problems);
    }

    [SkippableFact]
    public async Task A_live_promotion_on_a_russian_page_is_worded_in_russian_and_on_an_english_page_in_english()
    {
        Skip.If(fixture.Browser is null, fixture.SkipReason);
        await using var server = await SampleServer.StartAsync();
        var (context, page, problems) = await OpenAsync(server);
        await using var _ = context;
        var english = await context.NewPageAsync();
        await page.GotoAsync(Overview + "?lang=ru");
        await english.GotoAsync(Overview + "?lang=en");
        await Expect(page.Locator("#events")).ToHaveAttributeAsync("data-following", "true");
        await Expect(english.Locator("#events")).ToHaveAttributeAsync("data-following", "true");

        // The same fact from two successful tasks: the second promotes it (LearningOptions: after 2), stored in English.
        await server.Client.LearnAsync(SampleServer.Team, Http.Report("LIVE-PROMO-1", "ivan", "Живой факт: у флага функции есть владелец"));
        await server.Client.LearnAsync(SampleServer.Team, Http.Report("LIVE-PROMO-2", "ivan", "Живой факт: у флага функции есть владелец"));

        var promoted = page.Locator("#events li.live", new PageLocatorOptions { HasText = "подтверждено успешными задачами: 2 (порог 2)" });
        await Expect(promoted).ToHaveCountAsync(1);
        await Expect(promoted.Locator(".type")).ToHaveTextAsync("знание стало известным");
        await Expect(page.Locator("#events-status")).ToHaveTextAsync("в реальном времени");
        // The task titles are data ("Task LIVE-PROMO-1"); the promotion's line and the feed's state are the page's words.
        Assert.DoesNotMatch("[A-Za-z]{2,}", await promoted.Locator(".what").InnerTextAsync() + " " + await promoted.Locator(".type").InnerTextAsync()
            + " " + await page.Locator("#events-status").InnerTextAsync());
        await Expect(english.Locator("#events li.live .what", new PageLocatorOptions { HasText = "confirmed by 2 successful tasks (threshold 2)" })).ToHaveCountAsync(1);
        await Expect(english.Locator("#events-status")).ToHaveTextAsync("live");
        Assert.Empty(problems);
    }

    [SkippableFact]
    public async Task With_keys_the_dashboard_asks_for_a_login_refuses_a_wrong_key_and_works_with_a_read_key()
    {
        // Before starting a server: without the browser there is nothing to drive.
        Skip.If(fixture.Browser is null, fixture.SkipReason);
        var (server, read, write, _) = await SampleServer.StartWithKeysAsync();
        await using var __ = server;
        var (context, page, problems) = await OpenAsync(server);
        await using var _ = context;
        await page.GotoAsync(Overview);
        await Expect(page).ToHaveURLAsync(new Regex("/ui/login\\?next="));
        Assert.Equal(0, await page.Locator("#experts").CountAsync());

        await page.Locator("#key").FillAsync("kos_0000_not-a-key");
        await page.Locator("form.login button").ClickAsync();
        await Expect(page.Locator(".error")).ToContainTextAsync("недействителен"); // the login page is in the default language, Russian

        await page.Locator("#key").FillAsync(read);
        await page.Locator("form.login button").ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/ui/teams/default$"));
        await Expect(page.Locator("#experts tbody tr")).ToHaveCountAsync(SampleServer.Experts.Length);
        // The live feed is authorized by the same cookie.
        using (var writer = server.NewClient(write))
            await writer.LearnAsync(SampleServer.Team, Http.Report("KEYS-1", "ivan", "Seen through the cookie-authorized feed"));
        await Expect(page.Locator("#events li.live", new PageLocatorOptions { HasText = "Seen through the cookie-authorized feed" })).ToHaveCountAsync(1);
        var cookie = Assert.Single(await context.CookiesAsync(), c => c.Name == "kos_key");
        Assert.True(cookie.HttpOnly);
        Assert.Equal(SameSiteAttribute.Strict, cookie.SameSite);

        await page.Locator("form.logout button").ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/ui/login$"));
        await page.GotoAsync(Overview);
        await Expect(page).ToHaveURLAsync(new Regex("/ui/login\\?next="));
        Assert.DoesNotContain(problems, p => !p.Contains("401", StringComparison.Ordinal));
    }
}
