using System.Globalization;
using System.Text.RegularExpressions;
using KnowledgeOs.Events;
using KnowledgeOs.Text;

namespace KnowledgeOs.Import.KnowledgeBase;

/// <summary>
/// The expert's header: the fields between the title and the first section (created, status, priority, tags,
/// project) and the responsibility/duties section.
/// </summary>
internal static partial class HeaderReader
{
    private static readonly Dictionary<string, string> HeaderFields = MarkdownText.KnownFields(
        ("created", ["Дата создания", "Created", "Created at", "Created on"]),
        ("status", ["Статус", "Status"]),
        ("priority", ["Приоритет", "Priority"]),
        ("tags", ["Экспертиза", "Expertise", "Теги", "Tags"]),
        ("project", ["Проект", "Project"]));

    private static readonly Dictionary<string, string> DutiesFields = MarkdownText.KnownFields(("duties", ["Ключевые обязанности", "Key duties", "Обязанности", "Duties"]));

    /// <summary>One line between the title and the first section: a header field, a claim, or text kept in other.</summary>
    public static void Line(KnowledgeParseState state, string text, int line)
    {
        var header = state.Header;
        if (!MarkdownText.TryField(text, out var label, out var value))
        {
            state.Warn(line, "text between the title and the first section; kept in other", "text-before-first-section");
            state.Keep(SectionItems.Other("", text, line));
            return;
        }
        if (!HeaderFields.TryGetValue(TextKey.Of(label), out var field))
        {
            state.Claims.Add((TextKey.Clean(label), TextKey.Clean(value), null));
            return;
        }
        switch (field)
        {
            case "created":
                header.CreatedText = value;
                if (MarkdownText.TryDate(value, out var date, out var partial))
                {
                    header.Created = date;
                    if (partial) state.Warn(line, $"creation date '{value}' has no day; {date:yyyy-MM-dd} is used", "creation-date-no-day", value, $"{date:yyyy-MM-dd}");
                }
                else state.Warn(line, $"cannot read the creation date '{value}'; items are dated {state.FallbackAt:yyyy-MM-dd}", "creation-date-unreadable", value, $"{state.FallbackAt:yyyy-MM-dd}");
                break;
            case "status":
                header.StatusText = value;
                var status = Status(value);
                if (status is null) state.Warn(line, $"unknown status '{value}'; the expert is imported as active", "unknown-status", value);
                header.Status = status ?? ExpertStatus.Active;
                break;
            case "priority":
                var digits = Digits().Match(value);
                if (digits.Success && int.TryParse(digits.Value, CultureInfo.InvariantCulture, out var p)) header.Priority = p;
                else state.Warn(line, $"cannot read the priority '{value}'; the default 3 is used", "priority-unreadable", value);
                break;
            case "tags":
                header.Tags.AddRange(SplitList(value));
                break;
            case "project":
                header.Project = TextKey.Clean(value);
                break;
        }
    }

    /// <summary>Lines under the responsibility heading: prose, until a duties field or list turns them into duties.</summary>
    public static void ResponsibilityLines(KnowledgeParseState state, List<(string Text, int Line)> lines, int firstLine)
    {
        var header = state.Header;
        foreach (var (text, line) in lines)
        {
            if (MarkdownText.TryKnownField(text, DutiesFields, out _, out var value) && MarkdownText.TryField(text, out _, out _))
            {
                state.Context = ParseContext.Duties;
                if (value.Length > 0) header.Duties.AddRange(SplitList(value));
            }
            else if (state.Context == ParseContext.Duties) header.Duties.Add(TextKey.Clean(text));
            else if (line == firstLine || header.Responsibility.Count == 0) header.Responsibility.Add(text.Trim());
            else header.Responsibility[^1] += " " + text.Trim();
        }
    }

    /// <summary>The first project named by a cases heading (<c>Кейсы проекта X</c>), unless it is a template placeholder.</summary>
    public static void Project(KnowledgeParseState state, string? project)
    {
        if (!string.IsNullOrWhiteSpace(project) && !project.Contains('{', StringComparison.Ordinal)) state.Header.Project = project;
    }

    private static ExpertStatus? Status(string text)
    {
        var key = TextKey.Of(text);
        if (key.Contains("неактив", StringComparison.Ordinal) || key.Contains("inactive", StringComparison.Ordinal)) return ExpertStatus.Paused;
        if (key.Contains("актив", StringComparison.Ordinal) || key.Contains("active", StringComparison.Ordinal)) return ExpertStatus.Active;
        if (key.Contains("пауз", StringComparison.Ordinal) || key.Contains("приостанов", StringComparison.Ordinal) || key.Contains("paused", StringComparison.Ordinal)) return ExpertStatus.Paused;
        if (key.Contains("архив", StringComparison.Ordinal) || key.Contains("retired", StringComparison.Ordinal) || key.Contains("уволен", StringComparison.Ordinal) || key.Contains("выбыл", StringComparison.Ordinal)) return ExpertStatus.Retired;
        return null;
    }

    private static IEnumerable<string> SplitList(string value) =>
        value.Split([',', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(TextKey.Clean).Where(s => s.Length > 0);

    [GeneratedRegex(@"\d+")]
    private static partial Regex Digits();
}
