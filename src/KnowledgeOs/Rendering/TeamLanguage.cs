using System.Runtime.CompilerServices;
using KnowledgeOs.Experts;

namespace KnowledgeOs.Rendering;

/// <summary>
/// The language a team's documents are written in when no <c>--lang</c> / <c>?lang=</c> says otherwise, derived
/// from the team's own text: each profile field (name, role, responsibility, duty) and active item counts once, as
/// Russian when it has a Cyrillic letter, as English when it has Latin letters and no Cyrillic one; the team is
/// English when fewer than one text in ten is Russian, Russian otherwise. (A low share on purpose: Russian documents
/// are full of items that are only English terms, tools and book titles — the ATRA knowledge bases have more
/// Latin-only items than Cyrillic ones — while an English team writes hardly any Cyrillic.) A team with no text yet is Russian, the
/// project's default. The imported ATRA teams are Russian by this rule.
/// </summary>
public static class TeamLanguage
{
    /// <summary>The derived language of a team.</summary>
    public static RenderLanguage Of(IEnumerable<ExpertState> experts)
    {
        ArgumentNullException.ThrowIfNull(experts);
        long russian = 0, english = 0;
        foreach (var e in experts)
        {
            var (r, en) = Texts(e);
            russian += r;
            english += en;
        }
        return Of(russian, english);
    }

    /// <summary>The language of a team whose texts count so many Russian and English ones (summed over its experts' <see cref="Texts"/>).</summary>
    public static RenderLanguage Of(long russian, long english) => russian * 10 < russian + english ? RenderLanguage.En : RenderLanguage.Ru;

    // Counted once per state: a state never changes (a write makes a new one), and kos serve's caching store hands out
    // the same state until its expert changes, so a dashboard page, an export or an MCP read does not count every item
    // again (33.6 ms a call on 50 × 2,000 before, docs/BENCHMARKS.md). Weak keys: a state no longer read is collected.
    private static readonly ConditionalWeakTable<ExpertState, LanguageTexts> Counted = [];

    /// <summary>One expert's texts that count as Russian and as English, counted once per state (kept per analyzed expert too, so a pack does not count them again).</summary>
    public static LanguageTexts Texts(ExpertState expert)
    {
        ArgumentNullException.ThrowIfNull(expert);
        return Counted.GetValue(expert, Count);
    }

    private static LanguageTexts Count(ExpertState expert)
    {
        long russian = 0, english = 0;
        void Add(string? text)
        {
            var (r, en) = Of(text);
            russian += r;
            english += en;
        }
        Add(expert.DisplayName);
        Add(expert.Role);
        Add(expert.Responsibility);
        foreach (var d in expert.Duties) Add(d);
        foreach (var i in expert.Items.Values) if (i.IsActive) Add(i.Text);
        return new LanguageTexts(russian, english);
    }

    /// <summary>How one text counts: (1, 0) with a Cyrillic letter, (0, 1) with Latin letters and no Cyrillic one, else (0, 0).</summary>
    public static (int Russian, int English) Of(string? text)
    {
        if (string.IsNullOrEmpty(text)) return (0, 0);
        if (text.Any(c => c is >= 'А' and <= 'я' or 'Ё' or 'ё')) return (1, 0);
        return text.Any(char.IsAsciiLetter) ? (0, 1) : (0, 0);
    }

    /// <summary>The language asked for (<c>ru</c>/<c>en</c>, an error naming <paramref name="field"/> otherwise), or the team's when none was.</summary>
    public static RenderLanguage Resolve(string? requested, string field, IEnumerable<ExpertState> experts) =>
        string.IsNullOrWhiteSpace(requested) ? Of(experts) : RenderOptions.ParseLanguage(requested, field);
}

/// <summary>How many of an expert's texts count as Russian and how many as English (<see cref="TeamLanguage"/>).</summary>
/// <param name="Russian">Texts with a Cyrillic letter.</param>
/// <param name="English">Texts with Latin letters and no Cyrillic one.</param>
public sealed record LanguageTexts(long Russian, long English);
