using System.Globalization;

namespace KnowledgeOs.Rendering;

/// <summary>
/// A count with its noun in the right plural form: Russian has three (1 задача, 2 задачи, 5 задач; 11–14 take
/// the third, 21 the first, 22 the second), English two (1 task, 2 tasks). The words themselves live in
/// <see cref="RenderLabels"/>.
/// </summary>
public static class Plural
{
    /// <summary>The Russian form for <paramref name="n"/>: <paramref name="one"/> (1, 21, 101), <paramref name="few"/> (2–4, 22–24), <paramref name="many"/> (0, 5–20, 25…).</summary>
    public static string RuForm(long n, string one, string few, string many)
    {
        var abs = Math.Abs(n);
        var lastTwo = abs % 100;
        var last = abs % 10;
        if (lastTwo is >= 11 and <= 14) return many;
        return last switch
        {
            1 => one,
            >= 2 and <= 4 => few,
            _ => many,
        };
    }

    /// <summary>The English form: <paramref name="one"/> for exactly 1, otherwise <paramref name="other"/>.</summary>
    public static string EnForm(long n, string one, string other) => n == 1 ? one : other;

    /// <summary>"21 задача", "22 задачи", "11 задач".</summary>
    public static string Ru(long n, string one, string few, string many) =>
        n.ToString(CultureInfo.InvariantCulture) + " " + RuForm(n, one, few, many);

    /// <summary>"1 task", "2 tasks".</summary>
    public static string En(long n, string one, string other) =>
        n.ToString(CultureInfo.InvariantCulture) + " " + EnForm(n, one, other);
}
