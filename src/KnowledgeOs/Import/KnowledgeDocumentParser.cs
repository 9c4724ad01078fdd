using System.Globalization;
using System.Text.RegularExpressions;
using KnowledgeOs.Events;
using KnowledgeOs.Experts;
using KnowledgeOs.Learning;
using KnowledgeOs.Sections;
using KnowledgeOs.Text;
using Markdig;
using Markdig.Syntax;

namespace KnowledgeOs.Import;

/// <summary>
/// Reads a knowledge base in the ATRA Markdown format (and its English form, and what <c>kos export</c> writes) into a
/// <see cref="KnowledgeDocument"/>. Built on Markdig's syntax tree: headings, paragraphs, lists and list items are
/// Markdig's; this class decides what each one means. Pure: text in, model out.
/// </summary>
public static partial class KnowledgeDocumentParser
{
    /// <summary>Parses a knowledge base document.</summary>
    /// <param name="text">The decoded text.</param>
    /// <param name="fileName">The file name (items get the source <c>import:&lt;file name&gt;</c>).</param>
    /// <param name="fallbackAt">When the items happened if the document has no readable creation date.</param>
    /// <exception cref="InputException">No title line, a title without a role, an unpaired surrogate, or nesting too deep.</exception>
    public static KnowledgeDocument Parse(string text, string fileName, DateTimeOffset fallbackAt) =>
        new Reader(text, fileName, fallbackAt).Read();

    private enum Context { Preamble, Header, Responsibility, Duties, Group, Section, Other, OtherGroup, Metrics, Computed, Claims, Footer, BestPractice }

    private sealed class Reader(string source, string fileName, DateTimeOffset fallbackAt)
    {
        private static readonly Dictionary<string, string> BestPracticeFields = Labels(
            (ItemFields.Description, ["Описание", "Description"]),
            (ItemFields.Origin, ["Источник", "Source", "Origin"]),
            (ItemFields.Category, ["Категория", "Category"]),
            (ItemFields.Application, ["Применение", "Application"]),
            (ItemFields.FoundAt, ["Дата поиска", "Found", "Found at", "Found on"]));

        private static readonly Dictionary<string, string> FoundAtField = Labels((ItemFields.FoundAt, ["Дата поиска", "Found at", "Found on", "Search date"]));

        private static readonly Dictionary<string, string> ProblemFields = Labels(
            ("problem", ["Проблема", "Problem"]),
            (ItemFields.Solution, ["Решение", "Решения", "Solution", "Solutions"]));

        private static readonly Dictionary<string, string> HeaderFields = Labels(
            ("created", ["Дата создания", "Created", "Created at", "Created on"]),
            ("status", ["Статус", "Status"]),
            ("priority", ["Приоритет", "Priority"]),
            ("tags", ["Экспертиза", "Expertise", "Теги", "Tags"]),
            ("project", ["Проект", "Project"]));

        private static readonly Dictionary<string, string> DutiesFields = Labels(("duties", ["Ключевые обязанности", "Key duties", "Обязанности", "Duties"]));

        private readonly List<ImportedItem> _items = [];
        private readonly List<(string Label, string Value, string? Source)> _claims = [];
        private readonly List<string> _unknown = [];
        private readonly List<ImportWarning> _warnings = [];
        private readonly Dictionary<SectionKind, HashSet<string>> _seen = [];
        private readonly List<string> _responsibility = [];
        private readonly List<string> _duties = [];
        private readonly List<string> _tags = [];

        private TitleLine.Title? _title;
        private int _titleLine;
        private int? _priority;
        private DateTimeOffset? _created;
        private string? _createdText;
        private string _status = ExpertStatus.Active;
        private string? _statusText;
        private string _project = "";

        private Context _context = Context.Preamble;
        private SectionKind _kind;
        private string _heading = "";
        private int _headingLine;
        private bool _keptUnderHeading;
        private int _runs;
        private DateTimeOffset? _foundAt;
        private string? _foundText;
        private PendingPractice? _practice;
        private IReadOnlyList<string>? _claimSources;
        private int _otherGroupLevel;

        private sealed class PendingPractice(string title, int line, DateTimeOffset? at, string? foundText)
        {
            public string Title { get; } = title;
            public int Line { get; } = line;
            public DateTimeOffset? At { get; set; } = at;
            public SortedDictionary<string, string> Fields { get; } = foundText is null
                ? new(StringComparer.Ordinal)
                : new(StringComparer.Ordinal) { [ItemFields.FoundAt] = foundText };
        }

        public KnowledgeDocument Read()
        {
            var document = MarkdownText.Parse(source, fileName);
            var blocks = document.ToList();
            for (var i = 0; i < blocks.Count; i++)
            {
                var block = blocks[i];
                switch (block)
                {
                    case HeadingBlock h:
                        OnHeading(h, i + 1 < blocks.Count ? blocks[i + 1] : null);
                        break;
                    case ThematicBreakBlock:
                        FlushPractice();
                        break;
                    case ParagraphBlock p:
                        OnLines(MarkdownText.Lines(source, p), p.Line + 1);
                        break;
                    case ListBlock l:
                        OnList(l);
                        break;
                    case LinkReferenceDefinitionGroup:
                        break;
                    default:
                        OnVerbatim(block);
                        break;
                }
            }
            FlushPractice();
            CloseHeading();
            if (_title is null)
                throw new InputException("No title line: a knowledge base starts with '# 📚 БАЗА ЗНАНИЙ: Name (Role)' (or '# Knowledge base: Name (Role)').", "line 1");
            return Build();
        }

        private KnowledgeDocument Build()
        {
            if (_createdText is null)
                _warnings.Add(new ImportWarning(_titleLine, $"no creation date (Дата создания); items are dated {fallbackAt:yyyy-MM-dd}"));
            if (_priority is null)
                _warnings.Add(new ImportWarning(_titleLine, "no priority (Приоритет); the default 3 is used"));
            var at = _created ?? fallbackAt;
            var source = ImportSource.Of(fileName);
            return new KnowledgeDocument
            {
                FileName = Path.GetFileName(fileName),
                Expert = new ExpertHeader
                {
                    DisplayName = _title!.Name,
                    Role = _title.Role!,
                    TitleLine = _titleLine,
                    Priority = _priority,
                    Created = _created,
                    CreatedText = _createdText,
                    Status = _status,
                    StatusText = _statusText,
                    Project = _project,
                    Responsibility = string.Join("\n\n", _responsibility),
                    Duties = _duties,
                    Tags = _tags,
                },
                Items = _items,
                Claims = _claims.Select(c => new MetricClaimImported { Label = c.Label, Value = c.Value, Source = c.Source ?? source, At = at }).ToList(),
                UnknownHeadings = _unknown,
                Warnings = _warnings,
            };
        }

        private void OnHeading(HeadingBlock h, Block? next)
        {
            FlushPractice();
            CloseHeading();
            var text = MarkdownText.HeadingText(source, h);
            var line = h.Line + 1;
            if (_title is null)
            {
                if (TitleLine.TryRead(text, out var title) && (title.Kind is not null || h.Level == 1))
                {
                    if (title.Role is null)
                        throw new InputException($"line {line}: the title '{text}' has no role; write it as '# 📚 БАЗА ЗНАНИЙ: {title.Name} (Role)'.", $"line {line}");
                    _title = title;
                    _titleLine = line;
                    _context = Context.Header;
                    if (title.Kind == DocumentKind.LearningProgram)
                        _warnings.Add(new ImportWarning(line, "this is a learning program title; read as a knowledge base"));
                    return;
                }
                if (h.Level == 1)
                    throw new InputException($"line {line}: the title '{text}' has no role; write it as '# 📚 БАЗА ЗНАНИЙ: Name (Role)'.", $"line {line}");
                throw new InputException($"No title line: the first heading (line {line}) is '{text}'; a knowledge base starts with '# 📚 БАЗА ЗНАНИЙ: Name (Role)'.", $"line {line}");
            }

            // Under the renderer's "📎 ДРУГОЕ" group every sub-heading is a kept heading, verbatim, whatever it says.
            var match = _otherGroupLevel > 0 && h.Level > _otherGroupLevel ? new HeadingMatch(HeadingMeaning.Unknown) : Headings.Classify(text);
            if (_otherGroupLevel > 0 && h.Level <= _otherGroupLevel) _otherGroupLevel = 0;
            // A setext "---" under a stray line is more likely a paragraph and a rule than a heading nobody meant.
            if (h.IsSetext && h.HeaderChar == '-' && match.Meaning == HeadingMeaning.Unknown)
            {
                OnLines(MarkdownText.Lines(source, h).SkipLast(1).ToList(), line);
                return;
            }
            _runs = 0;
            _heading = text;
            _headingLine = line;
            _keptUnderHeading = false;
            // A best practice is a heading of its own (its title) with Описание/Источник/Категория fields under it,
            // wherever the old files pasted it; under the best-practice group any unknown heading is one.
            if (_otherGroupLevel == 0
                && (h.Level > 2 && match.Meaning is HeadingMeaning.Unknown or HeadingMeaning.Section && StartsPractice(next)
                    || match.Meaning == HeadingMeaning.Unknown && (StartsPractice(next) || _context == Context.Section && _kind == SectionKind.BestPractice)))
            {
                _practice = new PendingPractice(TextKey.Clean(text), line, _foundAt, _foundText);
                _context = Context.BestPractice;
                return;
            }
            switch (match.Meaning)
            {
                case HeadingMeaning.Group when match.Kind == SectionKind.Case:
                    if (!string.IsNullOrWhiteSpace(match.Project) && !match.Project.Contains('{', StringComparison.Ordinal)) _project = match.Project;
                    _context = Context.Section;
                    _kind = SectionKind.Case;
                    break;
                case HeadingMeaning.Group:
                    _context = Context.Group;
                    break;
                case HeadingMeaning.Section:
                    _context = Context.Section;
                    _kind = match.Kind;
                    break;
                case HeadingMeaning.Responsibility:
                    _context = Context.Responsibility;
                    break;
                case HeadingMeaning.Duties:
                    _context = Context.Duties;
                    break;
                case HeadingMeaning.Metrics:
                    _context = Context.Metrics;
                    break;
                case HeadingMeaning.Footer:
                    _context = Context.Footer;
                    break;
                case HeadingMeaning.OtherGroup:
                    _context = Context.OtherGroup;
                    _otherGroupLevel = h.Level;
                    break;
                case HeadingMeaning.Claims:
                    _context = Context.Claims;
                    _claimSources = null;
                    break;
                default:
                    _context = Context.Other;
                    _unknown.Add(text);
                    break;
            }
        }

        /// <summary>An unknown heading with nothing under it is worth a warning: there was nothing to keep.</summary>
        private void CloseHeading()
        {
            if (_context == Context.Other && !_keptUnderHeading)
                _warnings.Add(new ImportWarning(_headingLine, $"section '{_heading}' is empty; there was nothing under it to keep"));
        }

        private bool StartsPractice(Block? next)
        {
            var first = next switch
            {
                ListBlock l => l.OfType<ListItemBlock>().FirstOrDefault()?.OfType<ParagraphBlock>().FirstOrDefault(),
                ParagraphBlock p => p,
                _ => null,
            };
            if (first is null) return false;
            var lines = MarkdownText.Lines(source, first);
            return lines.Count > 0 && MarkdownText.TryKnownField(lines[0], BestPracticeFields, out var field, out _) && field != ItemFields.FoundAt;
        }

        private void FlushPractice()
        {
            if (_practice is null) return;
            var p = _practice;
            _practice = null;
            Keep(new ImportedItem(SectionKind.BestPractice, p.Title, p.Fields, p.Line) { At = p.At });
            _context = Context.Section;
            _kind = SectionKind.BestPractice;
        }

        /// <summary>The lines of a paragraph (or of a list item in a context that reads lines).</summary>
        private void OnLines(List<string> lines, int firstLine, bool fromList = false)
        {
            var rest = new List<(string Text, int Line)>();
            for (var i = 0; i < lines.Count; i++)
            {
                if (RenderedNote().IsMatch(lines[i]))
                {
                    // "_Вычислено по записанным данным._": the metric lines after it are computed, not claims.
                    if (RenderedNote().Match(lines[i]).Groups["computed"].Success && _context == Context.Metrics) _context = Context.Computed;
                    continue;
                }
                var isFoundAt = MarkdownText.TryKnownField(lines[i], FoundAtField, out _, out var found) && MarkdownText.TryField(lines[i], out _, out _);
                if (_context == Context.BestPractice && _practice is not null && (fromList || !isFoundAt))
                {
                    PracticeLine(lines[i]);
                    continue;
                }
                if (isFoundAt)
                {
                    // A search date as a paragraph of its own dates the best practices after it (the ATRA layout).
                    FlushPractice();
                    _foundText = found;
                    if (MarkdownText.TryDate(found, out var at, out _)) _foundAt = at;
                    else
                    {
                        _foundAt = null;
                        _warnings.Add(new ImportWarning(firstLine + i, $"cannot read the search date '{found}'; the best practices below are dated with the document"));
                    }
                    continue;
                }
                rest.Add((lines[i], firstLine + i));
            }
            if (rest.Count == 0) return;
            switch (_context)
            {
                case Context.Preamble:
                    _warnings.Add(new ImportWarning(firstLine, "text before the title line is ignored"));
                    break;
                case Context.Header:
                    foreach (var (text, line) in rest) HeaderLine(text, line);
                    break;
                case Context.Responsibility:
                case Context.Duties:
                    foreach (var (text, line) in rest)
                    {
                        if (MarkdownText.TryKnownField(text, DutiesFields, out _, out var value) && MarkdownText.TryField(text, out _, out _))
                        {
                            _context = Context.Duties;
                            if (value.Length > 0) _duties.AddRange(SplitList(value));
                        }
                        else if (_context == Context.Duties) _duties.Add(TextKey.Clean(text));
                        else AppendResponsibility(text, line == firstLine);
                    }
                    break;
                case Context.Metrics:
                    foreach (var (text, _) in rest) Claim(text);
                    break;
                case Context.Computed:
                    break;
                case Context.Claims:
                    foreach (var (text, _) in rest)
                    {
                        if (MarkdownText.TryField(text, out var label, out var value) && TextKey.Of(label) is "источник" or "source")
                            _claimSources = ClaimSourceList(value);
                        else Claim(text);
                    }
                    break;
                case Context.Footer:
                    foreach (var (text, line) in rest)
                    {
                        if (MarkdownText.TryField(text, out _, out _)) Claim(text);
                        else if (!IsBoilerplate(text)) Keep(Other(_heading, text, line));
                    }
                    break;
                case Context.BestPractice:
                    foreach (var (text, _) in rest) PracticeLine(text);
                    break;
                case Context.Section when _kind == SectionKind.Problem:
                    Problems(rest, []);
                    break;
                case Context.Section when rest.All(r => MarkdownText.TryField(r.Text, out _, out _)):
                    foreach (var (text, _) in rest) Claim(text);
                    break;
                case Context.Section:
                    Keep(Item(_kind, string.Join(' ', rest.Select(r => r.Text)), firstLine));
                    break;
                case Context.Group:
                    _warnings.Add(new ImportWarning(firstLine, $"text directly under '{_heading}' (no sub-section); kept in other"));
                    Keep(Other(_heading, string.Join(' ', rest.Select(r => r.Text)), firstLine));
                    break;
                case Context.OtherGroup:
                    Keep(Other("", string.Join(' ', rest.Select(r => r.Text)), firstLine));
                    break;
                default:
                    Keep(Other(_heading, string.Join(' ', rest.Select(r => r.Text)), firstLine));
                    break;
            }
        }

        private void OnList(ListBlock list)
        {
            foreach (var run in Runs(list))
            {
                switch (_context)
                {
                    case Context.Preamble:
                        _warnings.Add(new ImportWarning(run[0].Line + 1, "a list before the title line is ignored"));
                        break;
                    case Context.Header:
                    case Context.Responsibility:
                    case Context.Duties:
                    case Context.Metrics:
                    case Context.Computed:
                    case Context.Claims:
                    case Context.Footer:
                    case Context.BestPractice:
                        foreach (var item in run)
                        {
                            if (_context == Context.Computed) continue;
                            if (_context is Context.Responsibility or Context.Duties)
                            {
                                _context = Context.Duties;
                                foreach (var (text, _) in Flatten(item)) _duties.Add(TextKey.Clean(text));
                            }
                            else
                            {
                                foreach (var (text, line) in Flatten(item)) OnLines([text], line, fromList: true);
                            }
                        }
                        break;
                    default:
                        ItemRun(run);
                        break;
                }
            }
        }

        /// <summary>A run of list items (a list block between blank lines) in a section of items.</summary>
        private void ItemRun(List<ListItemBlock> run)
        {
            var texts = run.Select(i => (Item: i, Text: FirstParagraph(i), Line: i.Line + 1)).Where(x => x.Text.Length > 0).ToList();
            if (texts.Count == 0) return;
            var current = _context == Context.Section ? _kind : (SectionKind?)null;
            // A later run whose every line already stands in another section is that section's block pasted again.
            if (_runs++ > 0 || _context is Context.Group or Context.Other or Context.OtherGroup)
            {
                var keys = texts.Select(t => TextKey.Of(t.Text)).ToList();
                var home = _seen.Where(s => s.Key != current && s.Key != SectionKind.Other && keys.All(s.Value.Contains)).Select(s => (SectionKind?)s.Key).FirstOrDefault();
                if (home is { } kind)
                {
                    foreach (var (item, text, line) in texts) Keep(Item(kind, text, line));
                    return;
                }
            }
            if (_context == Context.Section && _kind == SectionKind.Problem)
            {
                foreach (var (item, text, line) in texts) ProblemItem(item, line);
                return;
            }
            if (texts.All(t => MarkdownText.TryField(t.Text, out _, out _)) && _context is Context.Section or Context.Group)
            {
                foreach (var (_, text, _) in texts) Claim(text);
                return;
            }
            foreach (var (item, _, _) in texts)
            {
                foreach (var (text, line) in Flatten(item))
                {
                    // A rendered case entry's task details (Rendering.TaskEntry) belong to the task, not new case entries.
                    if (_context == Context.Section && _kind == SectionKind.Case && MarkdownText.TryField(text, out var label, out _)
                        && Rendering.TaskEntry.IsDetailLabel(label)) continue;
                    Keep(_context switch
                    {
                        Context.Section => Item(_kind, text, line),
                        Context.OtherGroup => Other("", text, line),
                        _ => Other(_heading, text, line),
                    });
                }
            }
            if (_context == Context.Group)
                _warnings.Add(new ImportWarning(texts[0].Line, $"a list directly under '{_heading}' (no sub-section); kept in other"));
        }

        private void ProblemItem(ListItemBlock item, int line)
        {
            var paragraph = item.OfType<ParagraphBlock>().FirstOrDefault();
            var lines = paragraph is null ? [] : MarkdownText.Lines(source, paragraph).Select((t, i) => (t, line + i)).ToList();
            var nested = item.OfType<ListBlock>().SelectMany(l => l.OfType<ListItemBlock>()).SelectMany(Flatten).ToList();
            Problems(lines, nested);
        }

        /// <summary>
        /// Problems and their solutions: <c>**Проблема:** … **Решение:** …</c> on one line, on two, or with the solutions
        /// as nested bullets; a bullet without a label is a problem, its nested bullets its solutions.
        /// </summary>
        private void Problems(List<(string Text, int Line)> lines, List<(string Text, int Line)> nested)
        {
            string? problem = null;
            var problemLine = 0;
            var solutions = new List<string>();
            void Flush()
            {
                if (problem is null) return;
                var fields = new SortedDictionary<string, string>(StringComparer.Ordinal);
                if (solutions.Count > 0) fields[ItemFields.Solution] = solutions[0];
                Keep(new ImportedItem(SectionKind.Problem, problem, fields, problemLine) { MoreSolutions = solutions.Skip(1).ToList() });
                problem = null;
                solutions = [];
            }
            foreach (var (raw, line) in lines.Concat(nested))
            {
                foreach (var part in SplitInlineSolution(raw))
                {
                    if (MarkdownText.TryKnownField(part, ProblemFields, out var field, out var value))
                    {
                        if (field == "problem")
                        {
                            Flush();
                            problem = value;
                            problemLine = line;
                        }
                        else if (problem is null)
                        {
                            _warnings.Add(new ImportWarning(line, $"a solution with no problem before it: '{value}'; kept as a problem"));
                            problem = value;
                            problemLine = line;
                        }
                        else if (value.Length > 0) solutions.Add(value);
                    }
                    else if (problem is null)
                    {
                        problem = part;
                        problemLine = line;
                    }
                    else solutions.Add(part);
                }
            }
            Flush();
        }

        /// <summary><c>**Проблема:** X **Решение:** Y</c> on one line is two parts.</summary>
        private static IEnumerable<string> SplitInlineSolution(string line)
        {
            var m = Regex.Match(line, @"\s(?=(\*\*|__)?(Решение|Solution)\s*:?\s*(\*\*|__)?\s*:)", RegexOptions.IgnoreCase);
            return m.Success && m.Index > 0 ? [line[..m.Index].Trim(), line[m.Index..].Trim()] : [line];
        }

        private void PracticeLine(string text)
        {
            if (_practice is null) return;
            if (MarkdownText.TryKnownField(text, BestPracticeFields, out var field, out var value))
            {
                if (field == ItemFields.FoundAt)
                {
                    // A found date inside the block (as the renderer writes it) is this practice's own.
                    _practice.Fields[field] = TextKey.Clean(value);
                    _practice.At = MarkdownText.TryDate(value, out var at, out _) ? at : _practice.At;
                    return;
                }
                _practice.Fields[field] = _practice.Fields.TryGetValue(field, out var before) ? before + " " + value : value;
            }
            else
            {
                var clean = TextKey.Clean(text);
                _practice.Fields[ItemFields.Description] = _practice.Fields.TryGetValue(ItemFields.Description, out var d) ? d + " " + clean : clean;
            }
        }

        private void HeaderLine(string text, int line)
        {
            if (!MarkdownText.TryField(text, out var label, out var value))
            {
                _warnings.Add(new ImportWarning(line, "text between the title and the first section; kept in other"));
                Keep(Other("", text, line));
                return;
            }
            if (!HeaderFields.TryGetValue(TextKey.Of(label), out var field))
            {
                _claims.Add((TextKey.Clean(label), TextKey.Clean(value), null));
                return;
            }
            switch (field)
            {
                case "created":
                    _createdText = value;
                    if (MarkdownText.TryDate(value, out var date, out var partial))
                    {
                        _created = date;
                        if (partial) _warnings.Add(new ImportWarning(line, $"creation date '{value}' has no day; {date:yyyy-MM-dd} is used"));
                    }
                    else _warnings.Add(new ImportWarning(line, $"cannot read the creation date '{value}'; items are dated {fallbackAt:yyyy-MM-dd}"));
                    break;
                case "status":
                    _statusText = value;
                    var status = Status(value);
                    if (status is null) _warnings.Add(new ImportWarning(line, $"unknown status '{value}'; the expert is imported as active"));
                    _status = status ?? ExpertStatus.Active;
                    break;
                case "priority":
                    var digits = Regex.Match(value, @"\d+");
                    if (digits.Success && int.TryParse(digits.Value, CultureInfo.InvariantCulture, out var p)) _priority = p;
                    else _warnings.Add(new ImportWarning(line, $"cannot read the priority '{value}'; the default 3 is used"));
                    break;
                case "tags":
                    _tags.AddRange(SplitList(value));
                    break;
                case "project":
                    _project = TextKey.Clean(value);
                    break;
            }
        }

        private void AppendResponsibility(string text, bool newParagraph)
        {
            if (newParagraph || _responsibility.Count == 0) _responsibility.Add(text.Trim());
            else _responsibility[^1] += " " + text.Trim();
        }

        private void Claim(string text)
        {
            var clean = TextKey.Clean(text);
            string label, value;
            if (MarkdownText.TryField(text, out var l, out var v)) (label, value) = (TextKey.Clean(l), TextKey.Clean(v));
            else
            {
                var cut = clean.IndexOf(':', StringComparison.Ordinal);
                (label, value) = cut > 0 ? (clean[..cut].Trim(), clean[(cut + 1)..].Trim()) : (clean, "");
            }
            // A figure kos rendered once for several documents (`a`, `b`) is a claim of each of them.
            var sources = _context == Context.Claims ? _claimSources : null;
            if (sources is null or { Count: 0 }) _claims.Add((label, value, null));
            else foreach (var source in sources) _claims.Add((label, value, source));
        }

        /// <summary>The sources of kos's claims block: <c>`import:a.md`, `import:b.md`</c>, or one written bare.</summary>
        private static IReadOnlyList<string> ClaimSourceList(string value)
        {
            var quoted = QuotedSource().Matches(value).Select(m => m.Groups[1].Value.Trim()).Where(s => s.Length > 0).ToList();
            return quoted.Count > 0 ? quoted : [value.Trim().Trim('`').Trim()];
        }

        private void OnVerbatim(Block block)
        {
            var lines = MarkdownText.Lines(source, block);
            if (lines.Count == 0) return;
            var text = string.Join('\n', lines);
            var line = block.Line + 1;
            _warnings.Add(new ImportWarning(line, $"a {BlockName(block)} is kept as one item"));
            Keep(_context == Context.Section ? Item(_kind, text, line) : Other(_heading, text, line));
        }

        private ImportedItem Item(SectionKind kind, string text, int line)
        {
            var raw = text.Trim();
            switch (kind)
            {
                case SectionKind.Book or SectionKind.AdvancedBook:
                    var book = TaskLearning.Book(TextKey.Clean(raw), kind);
                    return new ImportedItem(kind, book.Text, book.Fields ?? new Dictionary<string, string>(), line) { RawKey = TextKey.Of(raw) };
                case SectionKind.Case:
                    return new ImportedItem(kind, CaseMark().Replace(TextKey.Clean(raw), ""), new Dictionary<string, string>(), line) { RawKey = TextKey.Of(raw) };
                case SectionKind.Other:
                    return Other(_heading, raw, line);
                default:
                    return new ImportedItem(kind, raw, new Dictionary<string, string>(), line) { RawKey = TextKey.Of(raw) };
            }
        }

        private static ImportedItem Other(string heading, string text, int line)
        {
            var fields = new SortedDictionary<string, string>(StringComparer.Ordinal);
            if (!string.IsNullOrWhiteSpace(heading)) fields[ItemFields.Heading] = heading.Trim();
            return new ImportedItem(SectionKind.Other, text.Trim(), fields, line) { RawKey = TextKey.Of(text) };
        }

        private void Keep(ImportedItem item)
        {
            _keptUnderHeading = true;
            _items.Add(item);
            if (!_seen.TryGetValue(item.Section, out var keys)) _seen[item.Section] = keys = [];
            keys.Add(item.RawKey ?? TextKey.Of(item.Text));
        }

        /// <summary>Splits a list into runs: items separated by a blank line start a new run (Markdig keeps them in one loose list).</summary>
        private List<List<ListItemBlock>> Runs(ListBlock list)
        {
            var runs = new List<List<ListItemBlock>>();
            ListItemBlock? previous = null;
            foreach (var item in list.OfType<ListItemBlock>())
            {
                if (previous is null || BlankBetween(previous, item)) runs.Add([]);
                runs[^1].Add(item);
                previous = item;
            }
            return runs;
        }

        private bool BlankBetween(Block a, Block b)
        {
            var start = Math.Min(LastContentEnd(a) + 1, source.Length);
            var end = Math.Min(b.Span.Start, source.Length);
            if (end <= start) return false;
            return source.AsSpan(start, end - start).Count('\n') >= 2;
        }

        private static int LastContentEnd(Block block) => block is ContainerBlock c && c.Count > 0 ? LastContentEnd(c[^1]) : block.Span.End;

        private string FirstParagraph(ListItemBlock item) =>
            item.OfType<ParagraphBlock>().FirstOrDefault() is { } p ? MarkdownText.Joined(source, p) : "";

        /// <summary>An item's own text and every nested item's, each with its line.</summary>
        private IEnumerable<(string Text, int Line)> Flatten(ListItemBlock item)
        {
            foreach (var child in item)
            {
                switch (child)
                {
                    case ParagraphBlock p:
                        var text = MarkdownText.Joined(source, p);
                        if (text.Length > 0) yield return (text, p.Line + 1);
                        break;
                    case ListBlock l:
                        foreach (var nested in l.OfType<ListItemBlock>())
                            foreach (var x in Flatten(nested)) yield return x;
                        break;
                    default:
                        var lines = MarkdownText.Lines(source, child);
                        if (lines.Count > 0) yield return (string.Join('\n', lines), child.Line + 1);
                        break;
                }
            }
        }

        private static bool IsBoilerplate(string text)
        {
            var key = TextKey.Of(text);
            return key.StartsWith("эта база знаний автоматически обновляется", StringComparison.Ordinal)
                || key.StartsWith("this knowledge base is updated automatically", StringComparison.Ordinal)
                || key.StartsWith("this knowledge base updates itself", StringComparison.Ordinal);
        }

        private static string? Status(string text)
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

        private static string BlockName(Block block) => block switch
        {
            FencedCodeBlock or CodeBlock => "code block",
            HtmlBlock => "HTML block",
            QuoteBlock => "quote",
            _ => block.GetType().Name.Replace("Block", "", StringComparison.Ordinal).ToLowerInvariant(),
        };

        private static Dictionary<string, string> Labels(params (string Field, string[] Labels)[] fields)
        {
            var map = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var (field, labels) in fields)
                foreach (var label in labels) map[TextKey.Of(label)] = field;
            return map;
        }
    }

    /// <summary>The renderer's notes: <c>_Вычислено по записанным данным._</c> and the <c>_Обновлено: … · источников: N_</c> footer.</summary>
    [GeneratedRegex("`([^`]*)`")]
    private static partial Regex QuotedSource();

    [GeneratedRegex(@"^_((?<computed>Вычислено по записанным данным|Computed from recorded evidence)\.|(Обновлено|Updated): .*)_$", RegexOptions.CultureInvariant)]
    private static partial Regex RenderedNote();

    [GeneratedRegex(@"^(✅|✔️?|☑️?|\[[xX]\])\s*")]
    private static partial Regex CaseMark();
}
