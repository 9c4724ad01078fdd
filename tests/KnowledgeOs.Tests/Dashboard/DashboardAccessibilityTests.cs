using System.Net.Http.Json;
using System.Text.Json;
using KnowledgeOs.Team;
using KnowledgeOs.Tests.Api;
using KnowledgeOs.Tests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace KnowledgeOs.Tests.Dashboard;

/// <summary>
/// Every dashboard page on a phone and for assistive technology: no sideways scrolling at 390 px, a language on the
/// page and on Russian content, one h1, and no WCAG 2.1 A/AA violation that axe-core (from npm, <c>.ci/clients</c>) finds.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class DashboardAccessibilityTests(BrowserFixture fixture)
{
    private const string Team = "ui/teams/" + SampleServer.Team;

    private static readonly string[] Pages =
    [
        "ui", Team, Team + "/experts/dmitriy", Team + "/experts/dmitriy?lang=en", Team + "/experts/ivan/history",
        Team + "/search?q=идемпотентность", Team + "/route?task=Настроить%20деплой",
    ];

    [SkippableFact]
    public async Task Every_page_fits_a_390_px_screen_with_a_language_and_one_h1()
    {
        Skip.If(fixture.Browser is null, fixture.SkipReason);
        await using var server = await SampleServer.StartAsync();
        await using var context = await fixture.Browser!.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = server.Address.ToString(),
            ViewportSize = new ViewportSize { Width = 390, Height = 844 },
        });
        var page = await context.NewPageAsync();
        foreach (var address in Pages)
        {
            await page.GotoAsync(address);
            var width = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth");
            Assert.True(width <= 390, $"{address}: the page is {width} px wide on a 390 px screen");
            Assert.False(string.IsNullOrEmpty(await page.Locator("html").GetAttributeAsync("lang")), address + ": no lang on <html>");
            Assert.Equal(1, await page.Locator("h1").CountAsync());
        }
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.Screenshots, "expert-390px.png"), FullPage = true });
    }

    [SkippableFact]
    public async Task At_390_px_no_table_cell_breaks_a_word_across_lines()
    {
        Skip.If(fixture.Browser is null, fixture.SkipReason);
        await using var server = await SampleServer.StartAsync();
        await using var context = await fixture.Browser!.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = server.Address.ToString(),
            ViewportSize = new ViewportSize { Width = 390, Height = 844 },
        });
        var page = await context.NewPageAsync();
        var cells = 0;
        foreach (var address in Pages)
        {
            await page.GotoAsync(address);
            cells += await page.Locator("th, td").CountAsync();
            // A word (what lies between spaces, hyphens and slashes, where a line may end) whose glyphs sit on more
            // than one line was broken inside: "Security Engineer" shown as "Securi" / "ty Engineer".
            var broken = await page.EvaluateAsync<string[]>("""
                () => {
                  const broken = [];
                  for (const cell of document.querySelectorAll("th, td")) {
                    const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
                    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
                      for (const m of node.data.matchAll(/[^\s\-\u2010-\u2014\/]{2,}/g)) {
                        const range = document.createRange();
                        range.setStart(node, m.index);
                        range.setEnd(node, m.index + m[0].length);
                        const lines = new Set([...range.getClientRects()].filter(r => r.width > 0).map(r => Math.round(r.top)));
                        if (lines.size > 1) broken.push(m[0]);
                      }
                    }
                  }
                  return broken;
                }
                """);
            Assert.True(broken.Length == 0, $"{address}: words broken across lines at 390 px: {string.Join(", ", broken)}");
            var width = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth");
            Assert.True(width <= 390, $"{address}: the page is {width} px wide on a 390 px screen");
        }
        Assert.True(cells > 50, $"only {cells} table cells on the pages; the check would prove little");
    }

    [SkippableFact]
    public async Task Russian_content_is_marked_lang_ru_on_the_English_page()
    {
        Skip.If(fixture.Browser is null, fixture.SkipReason);
        await using var server = await SampleServer.StartAsync();
        await using var context = await fixture.Browser!.NewContextAsync(new BrowserNewContextOptions { BaseURL = server.Address.ToString() });
        var page = await context.NewPageAsync();
        await page.GotoAsync(Team + "/experts/dmitriy?lang=en");
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "en");
        await Expect(page.Locator("h1")).ToHaveAttributeAsync("lang", "ru");
        await Expect(page.Locator("#knowledge")).ToHaveAttributeAsync("lang", "ru");
        await page.GotoAsync(Team);
        // Every event line whose text is Russian says so.
        var russian = page.Locator("#events .what", new PageLocatorOptions { HasTextRegex = new System.Text.RegularExpressions.Regex("[а-яА-Я]{4}") });
        Assert.True(await russian.CountAsync() > 0);
        foreach (var what in await russian.AllAsync())
            Assert.Equal("ru", await what.GetAttributeAsync("lang"));
    }

    [SkippableFact]
    public async Task Axe_finds_no_WCAG_AA_violation_on_any_page()
    {
        Skip.If(fixture.Browser is null, fixture.SkipReason);
        var axe = Path.Combine(await NpmClients.RequirePackageAsync("axe-core"), "axe.min.js");
        await using var server = await SampleServer.StartAsync();
        // The pages allow only their own scripts; the test's injected axe needs the policy bypassed.
        await using var context = await fixture.Browser!.NewContextAsync(new BrowserNewContextOptions { BaseURL = server.Address.ToString(), BypassCSP = true });
        var page = await context.NewPageAsync();
        var found = new List<string>();
        foreach (var (address, width) in Pages.SelectMany(p => new[] { (p, 1280), (p, 390) }))
        {
            await page.SetViewportSizeAsync(width, 900);
            await page.GotoAsync(address);
            await page.AddScriptTagAsync(new PageAddScriptTagOptions { Path = axe });
            var violations = await page.EvaluateAsync<JsonElement>("""
                async () => (await axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } }))
                  .violations.map(v => v.id + ": " + v.nodes.map(n => n.target.join(" ") + " (" + n.failureSummary.replace(/\s+/g, " ") + ")").join("; "))
                """);
            found.AddRange(violations.EnumerateArray().Select(v => $"{address} at {width} px: {v.GetString()}"));
        }
        Assert.True(found.Count == 0, string.Join("\n", found));
    }

    [SkippableFact]
    public async Task A_confirmation_shows_the_item_text_in_the_events_and_the_history_not_its_id()
    {
        Skip.If(fixture.Browser is null, fixture.SkipReason);
        await using var server = await SampleServer.StartAsync();
        var items = await server.Client.GetJsonAsync($"api/v1/teams/{SampleServer.Team}/experts/ivan/items");
        var item = items.GetProperty("items")[0];
        var (id, text) = (item.GetProperty("id").GetString()!, item.GetProperty("text").GetString()!);
        await using var context = await fixture.Browser!.NewContextAsync(new BrowserNewContextOptions { BaseURL = server.Address.ToString() });
        var page = await context.NewPageAsync();
        await page.GotoAsync(Team);
        await Expect(page.Locator("#events")).ToHaveAttributeAsync("data-following", "true");
        using (var confirmed = await server.Client.PostAsync($"api/v1/teams/{SampleServer.Team}/experts/ivan/items/{id}/confirm", null))
            confirmed.EnsureSuccessStatusCode();

        // Live (the script asks the API for the item), then drawn by the server after a reload; the event named in the
        // page's language (the sample team is Russian) by the script as by the server.
        var confirmedName = KnowledgeOs.Rendering.DashboardLabels.Ru.EventName("KnowledgeConfirmed");
        var live = page.Locator("#events li.live", new PageLocatorOptions { HasText = confirmedName });
        await Expect(live.Locator(".what")).ToHaveTextAsync(text);
        await page.ReloadAsync();
        await Expect(page.Locator("#events li", new PageLocatorOptions { HasText = confirmedName }).First.Locator(".what")).ToHaveTextAsync(text);
        await page.GotoAsync(Team + "/experts/ivan/history");
        var row = page.Locator("#history tbody tr", new PageLocatorOptions { HasText = confirmedName }).First;
        await Expect(row).ToContainTextAsync(text);
        Assert.DoesNotContain(id, await row.InnerTextAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(10)]
    [InlineData(33)]
    [InlineData(50)]
    [InlineData(100)]
    public void Progress_bars_are_blue_at_every_level_never_red_or_amber(int progress)
    {
        var hex = TeamSvg.ProgressColor(progress);
        var (r, g, b) = (Convert.ToInt32(hex[1..3], 16), Convert.ToInt32(hex[3..5], 16), Convert.ToInt32(hex[5..7], 16));
        Assert.True(b > r && b > g, $"{progress}%: {hex} is not blue");
        Assert.True(progress < 67 || TeamSvg.ProgressColor(progress) != TeamSvg.ProgressColor(0), "the scale should darken as progress grows");
    }
}
