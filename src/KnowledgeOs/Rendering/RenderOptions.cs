namespace KnowledgeOs.Rendering;

/// <summary>Languages a knowledge base renders in.</summary>
public enum RenderLanguage
{
    /// <summary>Russian, the language of the ATRA documents (default).</summary>
    Ru,
    /// <summary>English.</summary>
    En,
}

/// <summary>How to render a knowledge base.</summary>
/// <param name="Language">Headings and labels language.</param>
/// <param name="Project">Project name used in the cases heading when the expert has none of its own.</param>
public sealed record RenderOptions(RenderLanguage Language = RenderLanguage.Ru, string? Project = null)
{
    /// <summary>Russian, no project fallback.</summary>
    public static RenderOptions Default { get; } = new();

    /// <summary>Parses <c>ru</c> or <c>en</c> (case-insensitive); anything else is an input error naming the field.</summary>
    public static RenderLanguage ParseLanguage(string? value, string field = "lang") =>
        value?.Trim().ToLowerInvariant() switch
        {
            null or "" or "ru" => RenderLanguage.Ru,
            "en" => RenderLanguage.En,
            _ => throw InputException.Of($"{field}: unknown language '{value}' (expected ru or en).", field, ErrorCodes.UnknownLanguage, field, value ?? ""),
        };

    /// <summary>Parses <c>ru</c> or <c>en</c> when one was given; null when none was (the team's language applies, <see cref="TeamLanguage"/>).</summary>
    public static RenderLanguage? ParseRequested(string? value, string field = "lang") =>
        string.IsNullOrWhiteSpace(value) ? null : ParseLanguage(value, field);
}
