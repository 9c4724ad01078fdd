namespace KnowledgeOs.Sections;

/// <summary>How a section is named, grouped and identified.</summary>
/// <param name="Kind">The section.</param>
/// <param name="Code">Stable snake_case name used in events, JSON and the CLI.</param>
/// <param name="GroupRu">Russian top-level heading (with emoji) the section renders under.</param>
/// <param name="GroupEn">English top-level heading.</param>
/// <param name="SubRu">Russian sub-heading, or null when the section is the group itself.</param>
/// <param name="SubEn">English sub-heading, or null.</param>
/// <param name="IdentityFamily">Sections that share identity: the same text in any of them is one item.</param>
public sealed record SectionInfo(
    SectionKind Kind,
    string Code,
    string GroupRu,
    string GroupEn,
    string? SubRu,
    string? SubEn,
    string IdentityFamily);

/// <summary>The catalogue of sections in the order they render.</summary>
public static class SectionCatalog
{
    /// <summary>Every section, in render order.</summary>
    public static IReadOnlyList<SectionInfo> All { get; } =
    [
        new(SectionKind.Responsibility, "responsibility", "🎯 ОБЛАСТЬ ОТВЕТСТВЕННОСТИ", "🎯 Area of responsibility", null, null, "responsibility"),
        new(SectionKind.Book, "book", "📖 ИЗУЧЕННЫЕ МАТЕРИАЛЫ", "📖 Studied materials", "Книги и ресурсы", "Books and resources", "book"),
        new(SectionKind.Tool, "tool", "📖 ИЗУЧЕННЫЕ МАТЕРИАЛЫ", "📖 Studied materials", "Инструменты", "Tools", "tool"),
        new(SectionKind.Practice, "practice", "📖 ИЗУЧЕННЫЕ МАТЕРИАЛЫ", "📖 Studied materials", "Практики", "Practices", "practice"),
        new(SectionKind.Known, "known", "🧠 НАКОПЛЕННЫЕ ЗНАНИЯ", "🧠 Accumulated knowledge", "✅ Что уже знаю", "✅ Already know", "knowledge"),
        new(SectionKind.Learned, "learned", "🧠 НАКОПЛЕННЫЕ ЗНАНИЯ", "🧠 Accumulated knowledge", "🆕 Новые знания", "🆕 New knowledge", "knowledge"),
        new(SectionKind.Problem, "problem", "🧠 НАКОПЛЕННЫЕ ЗНАНИЯ", "🧠 Accumulated knowledge", "⚠️ Проблемы и решения", "⚠️ Problems and solutions", "problem"),
        new(SectionKind.BestPractice, "best_practice", "🌐 ЛУЧШИЕ ПРАКТИКИ ИЗ ИНТЕРНЕТА", "🌐 Best practices", null, null, "best_practice"),
        new(SectionKind.AdvancedBook, "advanced_book", "🚀 ПРОДВИНУТЫЕ МАТЕРИАЛЫ (МИРОВОЙ УРОВЕНЬ)", "🚀 Advanced materials", "📚 Продвинутые книги", "📚 Advanced books", "advanced_book"),
        new(SectionKind.ExpertPractice, "expert_practice", "🚀 ПРОДВИНУТЫЕ МАТЕРИАЛЫ (МИРОВОЙ УРОВЕНЬ)", "🚀 Advanced materials", "🎯 Экспертные практики", "🎯 Expert practices", "expert_practice"),
        new(SectionKind.Certification, "certification", "🚀 ПРОДВИНУТЫЕ МАТЕРИАЛЫ (МИРОВОЙ УРОВЕНЬ)", "🚀 Advanced materials", "🏆 Сертификации", "🏆 Certifications", "certification"),
        new(SectionKind.Innovation, "innovation", "🚀 ИННОВАЦИОННЫЕ ТЕХНИКИ (МАКСИМУМ)", "🚀 Innovative techniques", "💡 Передовые технологии", "💡 Cutting-edge technologies", "innovation"),
        new(SectionKind.Research, "research", "🚀 ИННОВАЦИОННЫЕ ТЕХНИКИ (МАКСИМУМ)", "🚀 Innovative techniques", "🔬 Исследования и инновации", "🔬 Research and innovation", "research"),
        new(SectionKind.Case, "case", "💼 РЕАЛЬНЫЕ КЕЙСЫ ИЗ ПРОЕКТА {project}", "💼 Real cases from {project}", "✅ Успешно реализованные проекты", "✅ Successfully delivered", "case"),
        new(SectionKind.Publication, "publication", "📝 ПУБЛИКАЦИИ И ИССЛЕДОВАНИЯ", "📝 Publications and research", null, null, "publication"),
        new(SectionKind.Mentorship, "mentorship", "👨‍🏫 МЕНТОРСТВО И ОБУЧЕНИЕ", "👨‍🏫 Mentorship and teaching", null, null, "mentorship"),
        new(SectionKind.Award, "award", "🏆 НАГРАДЫ И ПРИЗНАНИЕ", "🏆 Awards and recognition", null, null, "award"),
        new(SectionKind.Other, "other", "📎 ДРУГОЕ", "📎 Other", null, null, "other"),
    ];

    private static readonly Dictionary<SectionKind, SectionInfo> ByKind = All.ToDictionary(s => s.Kind);
    private static readonly Dictionary<string, SectionInfo> ByCode =
        All.ToDictionary(s => s.Code, StringComparer.OrdinalIgnoreCase);

    /// <summary>The description of a section.</summary>
    public static SectionInfo Get(SectionKind kind) => ByKind[kind];

    /// <summary>The stable code of a section (<c>best_practice</c>).</summary>
    public static string Code(this SectionKind kind) => ByKind[kind].Code;

    /// <summary>Parses a section code (<c>best_practice</c>, also <c>best-practice</c>); false when unknown.</summary>
    public static bool TryParse(string? code, out SectionKind kind)
    {
        kind = default;
        if (string.IsNullOrWhiteSpace(code)) return false;
        if (!ByCode.TryGetValue(code.Trim().Replace('-', '_'), out var info)) return false;
        kind = info.Kind;
        return true;
    }

    /// <summary>Parses a section code given as input; an unknown one is an <see cref="InputException"/> naming
    /// <paramref name="field"/> and the valid codes.</summary>
    public static SectionKind ParseInput(string? code, string field) =>
        TryParse(code, out var kind) ? kind : throw InputException.Of($"Unknown section '{code}' (expected {Codes}).", field, ErrorCodes.OptionValueUnknown, field, code ?? "", Codes);

    /// <summary>Every section code, for messages that list the valid ones.</summary>
    public static string Codes => string.Join(", ", All.Select(s => s.Code));
}
