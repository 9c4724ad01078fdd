using System.Collections.Frozen;
using KnowledgeOs.Sections;
using Markdig.Syntax;

namespace KnowledgeOs.Import.KnowledgeBase;

/// <summary>Headings: the title line first, then each heading sets what the lines under it mean.</summary>
internal static class HeadingReader
{
    /// <summary>A heading; <paramref name="next"/> is the block after it (a best practice is told by its first field).</summary>
    public static void Read(KnowledgeParseState state, HeadingBlock h, Block? next)
    {
        BestPracticeReader.Flush(state);
        Close(state);
        var text = MarkdownText.HeadingText(state.Source, h);
        var line = h.Line + 1;
        if (state.Header.Title is null)
        {
            Title(state, h, text, line);
            return;
        }

        // Under the renderer's "📎 ДРУГОЕ" group every sub-heading is a kept heading, verbatim, whatever it says.
        var match = state.OtherGroupLevel > 0 && h.Level > state.OtherGroupLevel ? new HeadingMatch(HeadingMeaning.Unknown) : Headings.Classify(text);
        if (state.OtherGroupLevel > 0 && h.Level <= state.OtherGroupLevel) state.OtherGroupLevel = 0;
        // A setext "---" under a stray line is more likely a paragraph and a rule than a heading nobody meant.
        if (h.IsSetext && h.HeaderChar == '-' && match.Meaning == HeadingMeaning.Unknown)
        {
            ParagraphReader.Read(state, MarkdownText.Lines(state.Source, h).SkipLast(1).ToList(), line);
            return;
        }
        state.Runs = 0;
        state.Heading = text;
        state.HeadingLine = line;
        state.KeptUnderHeading = false;
        // A best practice is a heading of its own (its title) with Описание/Источник/Категория fields under it,
        // wherever the old files pasted it; under the best-practice group any unknown heading is one.
        if (state.OtherGroupLevel == 0
            && (h.Level > 2 && match.Meaning is HeadingMeaning.Unknown or HeadingMeaning.Section && BestPracticeReader.StartsPractice(state.Source, next)
                || match.Meaning == HeadingMeaning.Unknown && (BestPracticeReader.StartsPractice(state.Source, next) || state.Context == ParseContext.Section && state.Kind == SectionKind.BestPractice)))
        {
            BestPracticeReader.Start(state, text, line);
            return;
        }
        var cases = match.Meaning == HeadingMeaning.Group && match.Kind == SectionKind.Case;
        state.Context = cases ? ParseContext.Section : ContextUnder.GetValueOrDefault(match.Meaning, ParseContext.Other);
        // What a heading sets beyond the context.
        if (cases) HeaderReader.Project(state, match.Project);
        if (state.Context == ParseContext.Section) state.Kind = cases ? SectionKind.Case : match.Kind;
        else if (state.Context == ParseContext.OtherGroup) state.OtherGroupLevel = h.Level;
        else if (state.Context == ParseContext.Claims) state.ClaimSources = null;
        else if (state.Context == ParseContext.Other) state.Unknown.Add(text);
    }

    /// <summary>What the lines under a heading of each meaning are (a group of cases is a section, above); any other is unknown.</summary>
    private static readonly FrozenDictionary<HeadingMeaning, ParseContext> ContextUnder = new Dictionary<HeadingMeaning, ParseContext>
    {
        [HeadingMeaning.Group] = ParseContext.Group,
        [HeadingMeaning.Section] = ParseContext.Section,
        [HeadingMeaning.Responsibility] = ParseContext.Responsibility,
        [HeadingMeaning.Duties] = ParseContext.Duties,
        [HeadingMeaning.Metrics] = ParseContext.Metrics,
        [HeadingMeaning.Footer] = ParseContext.Footer,
        [HeadingMeaning.OtherGroup] = ParseContext.OtherGroup,
        [HeadingMeaning.Claims] = ParseContext.Claims,
    }.ToFrozenDictionary();

    /// <summary>An unknown heading with nothing under it is worth a warning: there was nothing to keep.</summary>
    public static void Close(KnowledgeParseState state)
    {
        if (state.Context == ParseContext.Other && !state.KeptUnderHeading)
            state.Warn(state.HeadingLine, $"section '{state.Heading}' is empty; there was nothing under it to keep", "section-empty", state.Heading);
    }

    /// <summary>The first heading must be the title: <c># 📚 БАЗА ЗНАНИЙ: Name (Role)</c>.</summary>
    private static void Title(KnowledgeParseState state, HeadingBlock h, string text, int line)
    {
        if (TitleLine.TryRead(text, out var title) && (title.Kind is not null || h.Level == 1))
        {
            if (title.Role is null)
                throw InputException.Of($"line {line}: the title '{text}' has no role; write it as '# 📚 БАЗА ЗНАНИЙ: {title.Name} (Role)'.", $"line {line}",
                    ErrorCodes.TitleNoRole, line.ToString(System.Globalization.CultureInfo.InvariantCulture), text, "# 📚 БАЗА ЗНАНИЙ", title.Name);
            state.Header.Title = title;
            state.Header.TitleLineNumber = line;
            state.Context = ParseContext.Header;
            if (title.Kind == DocumentKind.LearningProgram)
                state.Warn(line, "this is a learning program title; read as a knowledge base", "program-title");
            return;
        }
        if (h.Level == 1)
            throw InputException.Of($"line {line}: the title '{text}' has no role; write it as '# 📚 БАЗА ЗНАНИЙ: Name (Role)'.", $"line {line}",
                ErrorCodes.TitleNoRole, line.ToString(System.Globalization.CultureInfo.InvariantCulture), text, "# 📚 БАЗА ЗНАНИЙ", "");
        throw InputException.Of($"No title line: the first heading (line {line}) is '{text}'; a knowledge base starts with '# 📚 БАЗА ЗНАНИЙ: Name (Role)'.", $"line {line}",
            ErrorCodes.TitleMissing, "# 📚 БАЗА ЗНАНИЙ", line.ToString(System.Globalization.CultureInfo.InvariantCulture), text);
    }
}
