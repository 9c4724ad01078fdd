using System.Globalization;
using KnowledgeOs.Events;
using KnowledgeOs.Experts;
using KnowledgeOs.Sections;
using KnowledgeOs.Text;

namespace KnowledgeOs.Feeds;

/// <summary>
/// Turns feed entries into <c>best_practice</c> items for the experts they are for. An entry goes to an active
/// expert whose role the source names, who has one of the source's tags, or one of whose tags appears in the
/// entry's categories, title or summary. Recording goes through <see cref="ExpertDecider.Add"/> with the source
/// <c>feed:&lt;url&gt;</c>, so an entry the feed repeats (in the same fetch or a later one) is a no-op: the item
/// exists and already has that source. Pure.
/// </summary>
public static class FeedLearning
{
    /// <summary>True when the entry is for the expert.</summary>
    public static bool IsFor(ExpertState expert, FeedSource source, FeedEntry entry)
    {
        if (expert.Status != ExpertStatus.Active) return false;
        if (source.Roles is { Count: > 0 } roles && roles.Any(r => TextKey.Of(r) == TextKey.Of(expert.Role))) return true;
        var tags = expert.Tags.Select(Key).Where(t => t.Length > 0).ToList();
        if (tags.Count == 0) return false;
        if (source.Tags is { Count: > 0 } sourceTags && sourceTags.Select(Key).Any(tags.Contains)) return true;
        var haystack = " " + string.Join(" ", entry.Categories.Append(entry.Title).Append(entry.Summary).Select(Key)) + " ";
        return tags.Any(t => haystack.Contains(" " + t + " ", StringComparison.Ordinal));
    }

    /// <summary>The events that record the entries meant for this expert, found at <paramref name="foundAt"/>.</summary>
    public static IReadOnlyList<KnowledgeEvent> Decide(ExpertState expert, FeedSource source, IReadOnlyList<FeedEntry> entries, DateTimeOffset foundAt)
    {
        var events = new List<KnowledgeEvent>();
        var working = expert;
        foreach (var entry in entries.Where(e => IsFor(expert, source, e)))
        {
            var fields = new Dictionary<string, string>
            {
                [ItemFields.Description] = entry.Summary,
                [ItemFields.Origin] = entry.Link ?? source.Url,
                [ItemFields.Category] = entry.Categories.FirstOrDefault() ?? source.Category ?? "",
                [ItemFields.FoundAt] = foundAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) + " UTC",
            };
            working = ExpertState.Keep(working, events, ExpertDecider.Add(working, new AddKnowledge(SectionKind.BestPractice, entry.Title, fields), source.SourceTag, foundAt));
        }
        return events;
    }

    private static string Key(string text)
    {
        var key = TextKey.Of(text);
        var chars = key.ToCharArray();
        for (var i = 0; i < chars.Length; i++) if (chars[i] is '-' or '/' or '_' or '.' or ',' or ':' or ';' or '(' or ')') chars[i] = ' ';
        return string.Join(' ', new string(chars).Split(' ', StringSplitOptions.RemoveEmptyEntries));
    }
}
