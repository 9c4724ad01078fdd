using KnowledgeOs.Experts;

namespace KnowledgeOs.Rendering;

/// <summary>
/// The language a team's documents are written in when no <c>--lang</c> / <c>?lang=</c> says otherwise, derived
/// from the team's own text: Russian when its profiles (name, role, responsibility, duties) and active items hold at
/// least as many Cyrillic letters as Latin ones, English otherwise. A team with no text yet is Russian, the
/// project's default. The imported ATRA teams are Russian by this rule.
/// </summary>
public static class TeamLanguage
{
    /// <summary>The derived language of a team.</summary>
    public static RenderLanguage Of(IEnumerable<ExpertState> experts)
    {
        long cyrillic = 0, latin = 0;
        void Count(string? text)
        {
            if (string.IsNullOrEmpty(text)) return;
            foreach (var c in text)
            {
                if (c is >= 'А' and <= 'я' or 'Ё' or 'ё') cyrillic++;
                else if (c is >= 'A' and <= 'Z' or >= 'a' and <= 'z') latin++;
            }
        }
        foreach (var e in experts)
        {
            Count(e.DisplayName);
            Count(e.Role);
            Count(e.Responsibility);
            foreach (var d in e.Duties) Count(d);
            foreach (var i in e.Items.Values) if (i.IsActive) Count(i.Text);
        }
        return latin > cyrillic ? RenderLanguage.En : RenderLanguage.Ru;
    }

    /// <summary>The language asked for (<c>ru</c>/<c>en</c>, an error naming <paramref name="field"/> otherwise), or the team's when none was.</summary>
    public static RenderLanguage Resolve(string? requested, string field, IEnumerable<ExpertState> experts) =>
        string.IsNullOrWhiteSpace(requested) ? Of(experts) : RenderOptions.ParseLanguage(requested, field);
}
