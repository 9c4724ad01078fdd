namespace KnowledgeOs.Text;

/// <summary>Levenshtein distance, for "did you mean" suggestions on misspelled names.</summary>
public static class EditDistance
{
    /// <summary>Insertions, deletions and substitutions that turn <paramref name="a"/> into <paramref name="b"/>, ignoring case.</summary>
    public static int Between(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++) previous[j] = j;
        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var same = char.ToLowerInvariant(a[i - 1]) == char.ToLowerInvariant(b[j - 1]);
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + (same ? 0 : 1));
            }
            (previous, current) = (current, previous);
        }
        return previous[b.Length];
    }

    /// <summary>The candidate nearest to <paramref name="name"/>, when it is near enough to be a slip (at most a third of its letters, at least 2), else null.</summary>
    public static string? Nearest(string name, IEnumerable<string> candidates)
    {
        string? best = null;
        var bestDistance = int.MaxValue;
        foreach (var c in candidates)
        {
            // Separators are compared away so new_knowledge finds newKnowledge.
            var d = Between(Plain(name), Plain(c));
            if (d < bestDistance) (best, bestDistance) = (c, d);
        }
        return bestDistance <= Math.Max(2, name.Length / 3) ? best : null;
    }

    private static string Plain(string s) => s.Replace("_", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal);
}
