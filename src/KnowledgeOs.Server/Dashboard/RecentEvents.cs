using System.Text;
using System.Text.Json;
using KnowledgeOs.Events;
using KnowledgeOs.Experts;
using KnowledgeOs.Rendering;
using KnowledgeOs.Server.Items;
using KnowledgeOs.Storage;
using static KnowledgeOs.Server.Dashboard.Html;

namespace KnowledgeOs.Server.Dashboard;

/// <summary>
/// The team's latest events as a list the page shows at once, which dashboard.js then keeps live from the SSE feed
/// (<c>/api/v1/teams/{team}/events/stream?after=</c> the newest shown, <c>&amp;lang=</c> the page's language, so each event
/// comes with its summary worded as <see cref="Summary"/> words it). Server and script write the same line.
/// </summary>
public static class RecentEvents
{
    /// <summary>Events shown.</summary>
    public const int Shown = 30;

    /// <summary>The team's newest events, newest first, and the position the live feed continues after.</summary>
    public static async Task<(IReadOnlyList<EventView> Events, long After)> LatestAsync(IEventStore store, string team, CancellationToken ct)
    {
        // The head first: an event committed between the two reads is then sent again by the feed, never skipped.
        var head = await store.HeadPositionAsync(ct);
        var latest = await store.ReadTeamLatestAsync(team, Shown, ct);
        return ([.. latest.Where(e => e.Position <= head).Select(EventView.Of)], head);
    }

    /// <summary>The list, with what the script needs to follow the feed in data attributes.</summary>
    public static string Render(string team, IReadOnlyList<EventView> events, long after, IReadOnlyList<Snapshot> experts, RenderLanguage language)
    {
        var l = DashboardLabels.For(language);
        var states = experts.ToDictionary(s => s.State.Slug, s => s.State, StringComparer.Ordinal);
        var sb = new StringBuilder();
        sb.Append("<h2>").Append(E(l.RecentEvents)).Append(" <span id=\"events-status\" class=\"muted\"></span></h2>\n")
            .Append("<ul id=\"events\" class=\"events\" data-stream=\"/api/v1/teams/").Append(U(team)).Append("/events/stream?after=").Append(N(after)).Append("&amp;lang=").Append(PageLanguage.Code(language))
            .Append("\" data-team=\"").Append(E(team)).Append("\" data-max=\"").Append(N(Shown))
            .Append("\" data-expert-base=\"").Append(TeamUrl(team)).Append("/experts/")
            .Append("\" data-event-names=\"").Append(E(EventNames(l)))
            .Append("\" data-live-text=\"").Append(E(l.EventsLive)).Append("\" data-reconnecting-text=\"").Append(E(l.EventsReconnecting)).Append("\">\n");
        if (events.Count == 0) sb.Append("<li class=\"empty muted\">").Append(E(l.NoEvents)).Append("</li>\n");
        foreach (var e in events)
        {
            var what = Summary(e.Data, states.GetValueOrDefault(e.Expert), language);
            sb.Append("<li class=\"event\" data-position=\"").Append(N(e.Position)).Append("\"><time>").Append(E(Time(e.RecordedAt))).Append("</time> ")
                .Append("<a href=\"").Append(ExpertUrl(team, e.Expert)).Append("\">").Append(E(e.Expert)).Append("</a> ")
                .Append("<span class=\"type\">").Append(E(l.EventName(ShortType(e.Type)))).Append("</span> ")
                .Append("<span class=\"what\"").Append(Lang(what, language)).Append('>').Append(E(what)).Append("</span></li>\n");
        }
        return sb.Append("</ul>\n<p class=\"muted\">").Append(E(l.ReloadForEvents)).Append("</p>\n").ToString();
    }

    // The script names live events as the server does: the page's words for every stored event type, as JSON.
    private static string EventNames(DashboardLabels l) =>
        JsonSerializer.Serialize(EventTypes.Names.Select(ShortType).Distinct().ToDictionary(t => t, l.EventName));

    // A level's reason (it has its level beside it), a promotion's or a revision's, worded; any other reason as it was written.
    private static string Reason(JsonElement data, string stored, RenderLabels l) =>
        data.TryGetProperty("level", out var level) && level.ValueKind == JsonValueKind.Number && level.TryGetInt32(out var n)
            ? l.LevelReasonText(n, stored)
            : l.StoredReasonText(stored);

    /// <summary>The event's type without its version prefix.</summary>
    public static string ShortType(string type) => type.StartsWith("v1.", StringComparison.Ordinal) ? type[3..] : type;

    /// <summary>
    /// What the event is about in a few words: its text, title, name, reason or label; for an event that names only
    /// an item (a confirmation, a retraction), the item's text from the expert's state, its id when the state lacks it.
    /// A reason our own code wrote (a promotion's, a level's, a revision's retraction or withdrawal) is worded in <paramref name="language"/> from its numbers.
    /// </summary>
    public static string Summary(JsonElement data, ExpertState? expert, RenderLanguage language)
    {
        if (data.ValueKind != JsonValueKind.Object) return "";
        foreach (var name in (ReadOnlySpan<string>)["text", "title", "displayName", "reason", "label"])
            if (data.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String && v.GetString() is { Length: > 0 } s)
                return name == "reason" ? Reason(data, s, RenderLabels.For(language)) : s;
        if (data.TryGetProperty("itemId", out var id) && id.GetString() is { Length: > 0 } itemId)
            return expert?.Items.GetValueOrDefault(itemId)?.Text is { Length: > 0 } text ? text : itemId;
        return "";
    }
}
