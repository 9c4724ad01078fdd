using System.Text.Json;

namespace KnowledgeOs.Tests.Api;

/// <summary>
/// Every list endpoint pages the same way (docs/API.md, "Paging"): <c>{items, next, cursor}</c>, <c>limit</c>, an opaque
/// <c>cursor</c> and <c>Link: &lt;next&gt;; rel="next"</c>. Each list is walked with <c>next</c> until null over more
/// items than one page, on a real server over a real SQLite file.
/// </summary>
public sealed class PagingTests
{
    private const string Demo = "api/v1/teams/demo";
    private const string Igor = Demo + "/experts/igor";
    private const string Shared = "Shared fact about paging";
    private const int Seeded = 7;

    /// <summary>Each list: its first page (two items a page), and the property that tells its items apart.</summary>
    public static TheoryData<string, string, string> Lists => new()
    {
        { "teams", "api/v1/teams?limit=2", "" },
        { "experts", Demo + "/experts?limit=2", "slug" },
        { "items", Igor + "/items?limit=2", "id" },
        { "section items", Igor + "/sections/learned/items?limit=2", "id" },
        { "item history", Igor + "/items/{shared}/history?limit=2", "version" },
        { "expert history", Igor + "/history?limit=2", "version" },
        { "events", Demo + "/events?limit=2", "position" },
        { "search", Demo + "/search?q=paging&limit=2", "itemId" },
    };

    /// <summary>The lists whose position is a sort key, so a writer appending meanwhile cannot make a reader skip or repeat.</summary>
    public static TheoryData<string, string, string> KeyedLists
    {
        get
        {
            var keyed = new TheoryData<string, string, string>();
            foreach (var row in Lists)
                if ((string)row[0] != "search") keyed.Add((string)row[0], (string)row[1], (string)row[2]);
            return keyed;
        }
    }

    [Theory]
    [MemberData(nameof(Lists))]
    public async Task Walking_a_list_by_next_sees_every_item_once(string list, string first, string idField)
    {
        await using var server = await ApiServer.StartAsync();
        var url = await SeedAsync(server.Client, first);
        var expected = await IdsAsync(server.Client, WithLimit(url, 500), idField);
        Assert.True(expected.Count > 2, $"{list}: {expected.Count} items fit one page of 2; the walk would prove nothing");

        var seen = await WalkAsync(server.Client, url, idField);

        Assert.Equal(expected, seen);
    }

    [Theory]
    [MemberData(nameof(KeyedLists))]
    public async Task Walking_a_list_while_a_writer_appends_sees_every_earlier_item_exactly_once(string list, string first, string idField)
    {
        await using var server = await ApiServer.StartAsync();
        var url = await SeedAsync(server.Client, first);
        var before = await IdsAsync(server.Client, WithLimit(url, 500), idField);

        var written = 0;
        using var writerClient = server.NewClient();
        var writer = Task.Run(async () =>
        {
            for (var i = 0; i < 12; i++)
            {
                await AppendAsync(writerClient, i);
                Interlocked.Increment(ref written);
            }
        });
        var seen = new List<string>();
        for (string? next = url; next is not null;)
        {
            var page = await server.Client.GetJsonAsync(next);
            seen.AddRange(page.GetProperty("items").EnumerateArray().Select(e => Id(e, idField)));
            next = page.GetProperty("next").GetString();
            // A page at a time, so the writer's appends land between the reader's pages.
            await Task.Delay(20);
        }
        await writer;

        Assert.True(written > 0);
        Assert.Equal(seen.Count, seen.Distinct(StringComparer.Ordinal).Count());
        Assert.All(before, id => Assert.Single(seen, s => s == id));
        Assert.True(seen.Count >= before.Count, $"{list}: saw {seen.Count} of {before.Count}");
    }

    [Theory]
    [MemberData(nameof(Lists))]
    public async Task A_malformed_cursor_is_a_400_problem_naming_cursor(string list, string first, string idField)
    {
        await using var server = await ApiServer.StartAsync();
        var url = await SeedAsync(server.Client, first);
        _ = idField;
        var otherList = list == "experts" ? Igor + "/items?limit=1" : Demo + "/experts?limit=1";
        var foreign = (await server.Client.GetJsonAsync(otherList)).GetProperty("cursor").GetString();
        Assert.NotNull(foreign);

        foreach (var cursor in new[] { "!!not base64!!", "bm90LWEtY3Vyc29y", foreign })
        {
            using var response = await server.Client.GetAsync(url + "&cursor=" + Uri.EscapeDataString(cursor));
            var problem = await response.ProblemAsync(400, "cursor");
            Assert.Contains("cursor", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        }
    }

    [Theory]
    [MemberData(nameof(Lists))]
    public async Task A_limit_out_of_range_is_a_400_problem_naming_limit(string list, string first, string idField)
    {
        await using var server = await ApiServer.StartAsync();
        var url = await SeedAsync(server.Client, first);
        _ = (list, idField);
        foreach (var limit in new[] { 0, 501 })
        {
            using var response = await server.Client.GetAsync(WithLimit(url, limit));
            await response.ProblemAsync(400, "limit");
        }
    }

    [Fact]
    public async Task The_last_page_of_the_change_feed_keeps_a_cursor_to_poll_with()
    {
        await using var server = await ApiServer.StartAsync();
        await server.Client.OnboardAsync("demo", "igor");
        var end = await server.Client.GetJsonAsync(Demo + "/events?limit=500");
        Assert.Equal(JsonValueKind.Null, end.GetProperty("next").ValueKind);
        var cursor = end.GetProperty("cursor").GetString()!;

        await server.Client.LearnAsync("demo", Http.Report("T-later", "igor", "Later fact"));
        var later = await server.Client.GetJsonAsync(Demo + "/events?cursor=" + cursor);

        Assert.Contains(later.GetProperty("items").EnumerateArray(), e => e.GetProperty("type").GetString() == "v1.TaskCompleted");
        Assert.DoesNotContain(later.GetProperty("items").EnumerateArray(), e => e.GetProperty("type").GetString() == "v1.ExpertOnboarded");
    }

    /// <summary>Walks by <c>next</c>, checking the <c>Link</c> header names the same next page.</summary>
    private static async Task<List<string>> WalkAsync(HttpClient client, string first, string idField)
    {
        var ids = new List<string>();
        for (string? next = first; next is not null;)
        {
            using var response = await client.GetAsync(next);
            Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
            var page = await response.BodyAsync();
            ids.AddRange(page.GetProperty("items").EnumerateArray().Select(e => Id(e, idField)));
            next = page.GetProperty("next").GetString();
            var link = response.Headers.TryGetValues("Link", out var values) ? string.Join(",", values) : null;
            Assert.Equal(next is null ? null : $"<{next}>; rel=\"next\"", link);
            if (next is not null) Assert.StartsWith("/api/v1/", next, StringComparison.Ordinal);
        }
        return ids;
    }

    private static async Task<List<string>> IdsAsync(HttpClient client, string url, string idField)
    {
        var page = await client.GetJsonAsync(url);
        Assert.Equal(JsonValueKind.Null, page.GetProperty("next").ValueKind);
        return [.. page.GetProperty("items").EnumerateArray().Select(e => Id(e, idField))];
    }

    private static string Id(JsonElement item, string field) => field.Length == 0 ? item.GetString()! : item.GetProperty(field).ToString();

    private static string WithLimit(string url, int limit) => url.Replace("limit=2", $"limit={limit}", StringComparison.Ordinal);

    /// <summary>Five teams; seven experts in demo; igor with seven learned items and one item confirmed by seven tasks. Returns the URL with the shared item's id.</summary>
    private static async Task<string> SeedAsync(HttpClient client, string first)
    {
        for (var i = 0; i < Seeded; i++)
        {
            await client.OnboardAsync("demo", $"expert-{i}");
            await client.LearnAsync("demo", Http.Report($"T-{i}", "igor", Shared), onboard: true);
            using var added = await client.PostAsync(Igor + "/sections/learned/items", Http.Json(new { text = $"Fact {i} about paging" }));
            Assert.True(added.IsSuccessStatusCode, await added.Content.ReadAsStringAsync());
        }
        foreach (var team in new[] { "alpha", "beta", "gamma", "delta" }) await client.OnboardAsync(team, "igor");
        var shared = (await client.GetJsonAsync(Igor + "/items?q=" + Uri.EscapeDataString(Shared))).GetProperty("items")[0].GetProperty("id").GetString()!;
        return first.Replace("{shared}", shared, StringComparison.Ordinal);
    }

    /// <summary>One write that grows every list: a team, an expert, an item, and a confirmation of the shared item (igor's history and the feed).</summary>
    private static async Task AppendAsync(HttpClient client, int i)
    {
        await client.OnboardAsync($"late-{i}", "igor");
        await client.OnboardAsync("demo", $"late-{i}");
        await client.LearnAsync("demo", Http.Report($"L-{i}", "igor", Shared));
        using var added = await client.PostAsync(Igor + "/sections/learned/items", Http.Json(new { text = $"Late fact {i} about paging" }));
        Assert.True(added.IsSuccessStatusCode, await added.Content.ReadAsStringAsync());
    }
}
