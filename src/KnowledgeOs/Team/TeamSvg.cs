using System.Globalization;
using System.Security;
using System.Text;
using KnowledgeOs.Metrics;

namespace KnowledgeOs.Team;

/// <summary>Pictures of the team for people who would rather look than read: the progress ranking and the skill matrix as SVG.</summary>
public static class TeamSvg
{
    private const string Font = "font-family=\"DejaVu Sans, Arial, sans-serif\"";

    /// <summary>Horizontal bars, one per expert: evidenced progress, level and change since last week.</summary>
    public static string Ranking(ProgressRanking ranking)
    {
        const int left = 280, barWidth = 340, rowHeight = 30, top = 50;
        var height = top + ranking.Rows.Count * rowHeight + 20;
        var sb = new StringBuilder();
        sb.Append(Inv($"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{left + barWidth + 190}\" height=\"{height}\" {Font} font-size=\"13\">\n"));
        sb.Append("<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>\n");
        sb.Append(Inv($"<text x=\"12\" y=\"26\" font-size=\"16\" font-weight=\"bold\">Progress by evidence — {X(ranking.Team)}, {ranking.AsOf.UtcDateTime:yyyy-MM-dd}</text>\n"));
        for (var i = 0; i < ranking.Rows.Count; i++)
        {
            var r = ranking.Rows[i];
            var y = top + i * rowHeight;
            var w = barWidth * Math.Clamp(r.Progress, 0, 100) / 100;
            var color = ProgressColor(r.Progress);
            sb.Append(Inv($"<text x=\"12\" y=\"{y + 18}\">{r.Rank}. {X(r.Name)} · {X(Short(r.Role, 20))}</text>\n"));
            sb.Append(Inv($"<rect x=\"{left}\" y=\"{y + 5}\" width=\"{barWidth}\" height=\"18\" fill=\"#eeeeee\" rx=\"3\"/>\n"));
            sb.Append(Inv($"<rect x=\"{left}\" y=\"{y + 5}\" width=\"{w}\" height=\"18\" fill=\"{color}\" rx=\"3\"><title>{X(r.LevelReason)}</title></rect>\n"));
            sb.Append(Inv($"<text x=\"{left + barWidth + 8}\" y=\"{y + 18}\">{r.Progress}% {ExpertiseLevel.Stars(r.Level)} {X(r.ChangeText)}</text>\n"));
        }
        sb.Append("</svg>\n");
        return sb.ToString();
    }

    /// <summary>A heat map of experts × topics; darker is more evidence.</summary>
    public static string SkillMatrix(SkillMatrix m, string team)
    {
        const int left = 170, cell = 64, top = 130;
        var width = left + Math.Max(1, m.Topics.Count) * cell + 20;
        var height = top + m.Rows.Count * 28 + 20;
        var max = Math.Max(1, m.Rows.SelectMany(r => r.Scores).DefaultIfEmpty(0).Max());
        var sb = new StringBuilder();
        sb.Append(Inv($"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" {Font} font-size=\"12\">\n"));
        sb.Append("<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>\n");
        sb.Append(Inv($"<text x=\"12\" y=\"24\" font-size=\"16\" font-weight=\"bold\">Who knows what — {X(team)}</text>\n"));
        for (var t = 0; t < m.Topics.Count; t++)
        {
            var x = left + t * cell + cell / 2;
            sb.Append(Inv($"<text transform=\"translate({x},{top - 8}) rotate(-45)\">{X(Short(m.Topics[t], 16))}</text>\n"));
        }
        for (var r = 0; r < m.Rows.Count; r++)
        {
            var row = m.Rows[r];
            var y = top + r * 28;
            sb.Append(Inv($"<text x=\"12\" y=\"{y + 18}\">{X(Short(row.Name, 12))} ({X(Short(row.Slug, 10))})</text>\n"));
            for (var t = 0; t < m.Topics.Count; t++)
            {
                var s = row.Scores[t];
                var shade = s == 0 ? "#f5f5f5" : Shade((double)s / max);
                sb.Append(Inv($"<rect x=\"{left + t * cell + 2}\" y=\"{y + 2}\" width=\"{cell - 4}\" height=\"24\" fill=\"{shade}\" rx=\"3\"><title>{X(row.Name)} · {X(m.Topics[t])}: {s}</title></rect>\n"));
                var label = s > 0 ? s.ToString(CultureInfo.InvariantCulture) : row.Declared[t] ? "○" : "";
                if (label.Length > 0)
                    sb.Append(Inv($"<text x=\"{left + t * cell + cell / 2}\" y=\"{y + 19}\" text-anchor=\"middle\" fill=\"{(s > max / 2 ? "#ffffff" : "#222222")}\">{label}</text>\n"));
            }
        }
        sb.Append("</svg>\n");
        return sb.ToString();
    }

    /// <summary>
    /// The colour of a progress bar: one hue (blue), darker as progress grows. Low progress is a start, not an alarm,
    /// so no step is red, amber or green (a traffic light reads as a warning, and fails for red-green colour blindness).
    /// </summary>
    public static string ProgressColor(int progress) => Math.Clamp(progress, 0, 100) switch
    {
        >= 67 => "#1f5fbf",
        >= 34 => "#4a8bd6",
        _ => "#8fb8e8",
    };

    private static string Shade(double share)
    {
        // From a light to a dark blue, linear in the share of the largest cell.
        var r = (int)(0xbb - share * (0xbb - 0x0d));
        var g = (int)(0xde - share * (0xde - 0x47));
        var b = (int)(0xfb - share * (0xfb - 0xa1));
        return Inv($"#{r:x2}{g:x2}{b:x2}");
    }

    private static string Short(string s, int max) => s.Length <= max ? s : s[..(max - 1)] + "…";

    private static string X(string s) => SecurityElement.Escape(s) ?? "";

    private static string Inv(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
