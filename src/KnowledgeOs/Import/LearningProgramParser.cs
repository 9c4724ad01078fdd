using System.Globalization;
using System.Text.RegularExpressions;
using KnowledgeOs.Events;
using KnowledgeOs.Learning;
using KnowledgeOs.Programs;
using KnowledgeOs.Text;
using Markdig;
using Markdig.Syntax;

namespace KnowledgeOs.Import;

/// <summary>
/// Reads a learning program in the ATRA Markdown format (<c># 🎓 ПРОГРАММА ОБУЧЕНИЯ: Name (Role)</c>) into a
/// <see cref="LearningProgramDocument"/>, on Markdig's syntax tree. Pure: text in, model out.
/// </summary>
public static partial class LearningProgramParser
{
    /// <summary>Parses a learning program.</summary>
    /// <exception cref="InputException">No title line, a title without a role, an unpaired surrogate, or nesting too deep.</exception>
    public static LearningProgramDocument Parse(string text, string fileName) => new Reader(text, fileName).Read();

    private enum Part { Preamble, Header, Goals, Materials, Stage, Criteria, Certifications, Metrics, List, Loose, Computed }

    private sealed class Reader(string source, string fileName)
    {
        private readonly List<StoredProgramGoal> _goals = [];
        private readonly List<StoredProgramMaterial> _materials = [];
        private readonly List<(string Level, string Title, int? From, int? To, string Name, List<StoredProgramCheck> Items)> _stages = [];
        private readonly List<string> _criteria = [];
        private readonly List<StoredProgramCheck> _certifications = [];
        private readonly List<(string Heading, string Group, List<StoredProgramCheck> Items)> _lists = [];
        private readonly List<StoredProgramClaim> _claims = [];
        private readonly List<ImportWarning> _warnings = [];

        private TitleLine.Title? _title;
        private DateTimeOffset? _created;
        private string? _createdText;
        private string? _status;
        private string? _level;

        private Part _part = Part.Preamble;
        private string _group = "";
        private string _heading = "";
        private string _materialKind = "";
        private int _stage = -1;
        private int _list = -1;

        public LearningProgramDocument Read()
        {
            var document = MarkdownText.Parse(source, fileName);
            foreach (var block in document)
            {
                switch (block)
                {
                    case HeadingBlock h:
                        OnHeading(h);
                        break;
                    case ThematicBreakBlock:
                        // A rule closes a section: what follows without a heading belongs to none.
                        if (_part is not (Part.Preamble or Part.Header)) _part = Part.Loose;
                        break;
                    case ParagraphBlock p:
                        foreach (var (line, n) in MarkdownText.Lines(source, p).Select((l, i) => (l, p.Line + 1 + i))) OnLine(line, n, nested: []);
                        break;
                    case ListBlock l:
                        foreach (var item in l.OfType<ListItemBlock>()) OnItem(item);
                        break;
                    case LinkReferenceDefinitionGroup:
                        break;
                    default:
                        var lines = MarkdownText.Lines(source, block);
                        if (lines.Count > 0) OnLine(string.Join(' ', lines), block.Line + 1, []);
                        break;
                }
            }
            if (_title is null)
                throw InputException.Of("No title line: a learning program starts with '# 🎓 ПРОГРАММА ОБУЧЕНИЯ: Name (Role)'.", "line 1", ErrorCodes.TitleMissing, "# 🎓 ПРОГРАММА ОБУЧЕНИЯ");
            var program = new StoredProgram
            {
                FileName = Path.GetFileName(fileName),
                DisplayName = _title.Name,
                Role = _title.Role!,
                Created = _created,
                CreatedText = _createdText,
                Status = _status,
                Level = _level,
                Goals = _goals,
                Materials = _materials,
                Stages = _stages.Select(s => new StoredProgramStage(s.Level, s.Title, s.From, s.To, s.Name, s.Items)).ToList(),
                SuccessCriteria = _criteria,
                Certifications = _certifications,
                Lists = _lists.Where(l => l.Items.Count > 0).Select(l => new StoredProgramList(l.Heading, l.Group, l.Items)).ToList(),
                Claims = _claims,
            };
            return new LearningProgramDocument(program, _warnings);
        }

        private void OnHeading(HeadingBlock h)
        {
            var text = MarkdownText.HeadingText(source, h);
            var line = h.Line + 1;
            if (_title is null)
            {
                if (TitleLine.TryRead(text, out var title) && (title.Kind is not null || h.Level == 1))
                {
                    if (title.Role is null)
                        throw InputException.Of($"line {line}: the title '{text}' has no role; write it as '# 🎓 ПРОГРАММА ОБУЧЕНИЯ: {title.Name} (Role)'.", $"line {line}",
                            ErrorCodes.TitleNoRole, line.ToString(System.Globalization.CultureInfo.InvariantCulture), text, "# 🎓 ПРОГРАММА ОБУЧЕНИЯ", title.Name);
                    _title = title;
                    _part = Part.Header;
                    return;
                }
                throw InputException.Of($"No title line: the first heading (line {line}) is '{text}'; a learning program starts with '# 🎓 ПРОГРАММА ОБУЧЕНИЯ: Name (Role)'.", $"line {line}",
                    ErrorCodes.TitleMissing, "# 🎓 ПРОГРАММА ОБУЧЕНИЯ", line.ToString(System.Globalization.CultureInfo.InvariantCulture), text);
            }
            var key = Headings.Key(text);
            // kos's own progress section (kos program): computed, with its sub-headings; nothing in it is the file's.
            if (ProgramRenderer.ComputedHeadings.Contains(key)) { _part = Part.Computed; return; }
            if (_part == Part.Computed && h.Level > 2) return;
            if (h.Level <= 2) _group = text;
            _heading = text;
            var week = Week().Match(text);
            if (week.Success)
            {
                var title = TextKey.Clean(text);
                var existing = _stages.FindIndex(s => TextKey.Of(s.Title) == TextKey.Of(title));
                if (existing >= 0)
                {
                    // The old files list weeks 7–28 in the plan and again under their level: one stage, under the level it repeats under.
                    _warnings.Add(ImportWarning.Of(line, $"stage '{title}' appears again; its items are merged into the first", "stage-repeated", title));
                    _stage = existing;
                    if (Level(h).Length > 0) _stages[existing] = _stages[existing] with { Level = Level(h) };
                }
                else
                {
                    _stages.Add((Level(h), title, Int(week.Groups["from"].Value), Int(week.Groups["to"].Value),
                        TextKey.Clean(week.Groups["name"].Value).Trim(':', ' '), []));
                    _stage = _stages.Count - 1;
                }
                _part = Part.Stage;
                return;
            }
            if (Is(key, "цели обучения", "цели", "learning goals", "goals")) _part = Part.Goals;
            else if (Is(key, "материалы для изучения", "материалы", "study materials", "materials")) { _part = Part.Materials; _materialKind = "book"; }
            else if (Is(key, "книги", "книги и ресурсы", "books")) { _part = Part.Materials; _materialKind = "book"; }
            else if (Is(key, "статьи", "articles")) { _part = Part.Materials; _materialKind = "article"; }
            else if (Is(key, "практика", "практики", "practice", "practices")) { _part = Part.Materials; _materialKind = "practice"; }
            else if (Is(key, "инструменты", "tools")) { _part = Part.Materials; _materialKind = "tool"; }
            else if (Is(key, "курсы", "courses")) { _part = Part.Materials; _materialKind = "course"; }
            // Certifications before a material kind: kos program lists them among the materials.
            else if (Is(key, "сертификации", "certifications")) _part = Part.Certifications;
            else if (_part == Part.Materials && h.Level > 2) _materialKind = TextKey.Clean(text).Trim(':', ' ');
            else if (Is(key, "критерии успеха", "success criteria")) _part = Part.Criteria;
            else if (key.Contains("метрик", StringComparison.Ordinal) || key.Contains("metric", StringComparison.Ordinal)) _part = Part.Metrics;
            else
            {
                _part = Part.List;
                _lists.Add((TextKey.Clean(text), h.Level <= 2 ? "" : _group, []));
                _list = _lists.Count - 1;
            }
        }

        private string Level(HeadingBlock h) => h.Level <= 2 ? "" : TextKey.Clean(_group);

        private void OnItem(ListItemBlock item)
        {
            var paragraph = item.OfType<ParagraphBlock>().FirstOrDefault();
            var text = paragraph is null ? "" : MarkdownText.Joined(source, paragraph);
            var nested = item.OfType<ListBlock>().SelectMany(l => l.OfType<ListItemBlock>())
                .Select(i => i.OfType<ParagraphBlock>().FirstOrDefault() is { } p ? MarkdownText.Joined(source, p) : "")
                .Where(t => t.Length > 0).ToList();
            if (text.Length == 0) return;
            OnLine(text, item.Line + 1, nested);
        }

        private void OnLine(string text, int line, List<string> nested)
        {
            if (_part == Part.Computed) return;
            if (_part == Part.Preamble)
            {
                _warnings.Add(ImportWarning.Of(line, "text before the title line is ignored", "text-before-title"));
                return;
            }
            var isField = MarkdownText.TryField(text, out var label, out var value);
            if (_part == Part.Header)
            {
                if (!isField)
                {
                    _warnings.Add(ImportWarning.Of(line, "text between the title and the first section is ignored", "text-before-first-section-ignored"));
                    return;
                }
                switch (TextKey.Of(label))
                {
                    case "дата создания" or "created":
                        _createdText = value;
                        if (MarkdownText.TryDate(value, out var date, out var partial))
                        {
                            _created = date;
                            if (partial) _warnings.Add(ImportWarning.Of(line, $"creation date '{value}' has no day; {date:yyyy-MM-dd} is used", "creation-date-no-day", value, $"{date:yyyy-MM-dd}"));
                        }
                        else _warnings.Add(ImportWarning.Of(line, $"cannot read the creation date '{value}'", "program-date-unreadable", value));
                        break;
                    case "статус" or "status":
                        _status = TextKey.Clean(value);
                        break;
                    case "уровень" or "level":
                        _level = OwnLevel(TextKey.Clean(value));
                        break;
                    case var computed when ProgramRenderer.ComputedLabels.Contains(computed):
                        // kos's own header lines (progress by evidence, which program, claims it already shows): not the file's claims.
                        break;
                    default:
                        AddClaim("", label, value);
                        break;
                }
                return;
            }
            switch (_part)
            {
                case Part.Goals:
                    var title = TextKey.Clean(isField && value.Length == 0 ? label : text).Trim(':', ' ');
                    _goals.Add(new StoredProgramGoal(title, nested.Select(TextKey.Clean).ToList()));
                    return;
                case Part.Metrics:
                    if (isField) AddClaim(TextKey.Clean(_heading), label, value);
                    else AddClaim(TextKey.Clean(_heading), TextKey.Clean(text), "");
                    return;
            }
            if (isField && _part is Part.Loose or Part.List && value.Length > 0 && nested.Count == 0)
            {
                // "**Статус:** ✅ МАКСИМАЛЬНЫЙ УРОВЕНЬ ДОСТИГНУТ (195%)" after the last rule: a claim, not a list item.
                AddClaim(_part == Part.Loose ? "" : TextKey.Clean(_heading), label, value);
                return;
            }
            foreach (var t in nested.Prepend(text))
            {
                switch (_part)
                {
                    case Part.Materials:
                        AddMaterial(t);
                        break;
                    case Part.Stage:
                        AddUnique(_stages[_stage].Items, Check(t));
                        break;
                    case Part.Criteria:
                        if (!_criteria.Any(c => TextKey.Of(c) == TextKey.Of(t))) _criteria.Add(TextKey.Clean(t));
                        break;
                    case Part.Certifications:
                        AddUnique(_certifications, Check(t));
                        break;
                    case Part.List:
                        AddUnique(_lists[_list].Items, Check(t));
                        break;
                    default:
                        _lists.Add(("", TextKey.Clean(_group), []));
                        _list = _lists.Count - 1;
                        _part = Part.List;
                        AddUnique(_lists[_list].Items, Check(t));
                        break;
                }
            }
        }

        private void AddMaterial(string text)
        {
            var clean = Check(text).Text;
            StoredProgramMaterial material;
            if (_materialKind == "book")
            {
                var book = TaskLearning.Book(clean);
                material = new StoredProgramMaterial("book", TextKey.Clean(book.Text),
                    book.Fields is { } f && f.TryGetValue(Experts.ItemFields.Author, out var a) ? TextKey.Clean(a) : null);
            }
            else material = new StoredProgramMaterial(_materialKind, clean);
            var key = TextKey.Of(material.Title) + "|" + TextKey.Of(material.Author);
            if (!_materials.Any(m => m.Kind == material.Kind && TextKey.Of(m.Title) + "|" + TextKey.Of(m.Author) == key)) _materials.Add(material);
        }

        private void AddClaim(string group, string label, string value)
        {
            var claim = new StoredProgramClaim(group, TextKey.Clean(label), TextKey.Clean(value));
            if (!_claims.Contains(claim)) _claims.Add(claim);
        }

        private static void AddUnique(List<StoredProgramCheck> list, StoredProgramCheck check)
        {
            var key = TextKey.Of(check.Text);
            var at = list.FindIndex(c => TextKey.Of(c.Text) == key);
            if (at < 0) list.Add(check);
            else if (check.Claimed && !list[at].Claimed) list[at] = list[at] with { Claimed = true };
        }

        /// <summary>
        /// A checklist line: <c>[x] text</c>, <c>[ ] text</c>, <c>✅ text</c>, or plain. What kos wrote after the entry
        /// is cut off: its evidence (<c> — ✔ …</c>, a tick earned, not claimed), its rule (<c> — правило `…`</c>) and
        /// its claim mark (<c> — ☑ …</c>, the file's own tick kept as the claim it was).
        /// </summary>
        private static StoredProgramCheck Check(string text)
        {
            var clean = TextKey.Clean(text);
            var m = Tick().Match(clean);
            var ticked = m.Success && (!m.Groups["box"].Success || m.Groups["box"].Value is "x" or "X" or "✓");
            var entry = m.Success ? clean[m.Length..].Trim() : clean;
            var cut = KosSuffixes.Select(s => entry.IndexOf(s, StringComparison.Ordinal)).Where(i => i > 0).DefaultIfEmpty(-1).Min();
            if (cut < 0) return new StoredProgramCheck(entry, ticked);
            var suffix = entry[cut..];
            var claimMark = suffix.StartsWith(ProgramFileRenderer.ClaimMark, StringComparison.Ordinal);
            return new StoredProgramCheck(entry[..cut].Trim(), claimMark || (ticked && !suffix.Contains(ProgramFileRenderer.EvidenceMark, StringComparison.Ordinal)));
        }

        /// <summary>The level as the file wrote it, without kos's computed part (<c>Начинающий → Эксперт · сейчас ★☆☆☆☆ …</c>).</summary>
        private static string? OwnLevel(string level)
        {
            foreach (var now in ProgramRenderer.NowWords)
            {
                if (level.StartsWith(now + " ", StringComparison.Ordinal)) return null;
                var at = level.IndexOf(" · " + now + " ", StringComparison.Ordinal);
                if (at >= 0) return level[..at].Trim();
            }
            return level;
        }

        private static bool Is(string key, params string[] names) => names.Contains(key) || names.Contains(Headings.Core(key));

        private static int? Int(string s) => int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : null;
    }

    /// <summary>What kos writes after an entry (ProgramRenderer, ProgramFileRenderer): evidence, rule, claim mark.</summary>
    private static readonly string[] KosSuffixes =
    [
        ProgramFileRenderer.EvidenceMark, ProgramFileRenderer.ClaimMark, " — правило `", " — rule `",
        " — " + NoRule.ManualEvidence.Ru, " — " + NoRule.ManualEvidence.En,
    ];

    [GeneratedRegex(@"(Неделя|Недели|Неделю|Week|Weeks)\s*(?<from>\d+)(\s*[-–—]\s*(?<to>\d+))?\s*[:.—–-]?\s*(?<name>.*)$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Week();

    [GeneratedRegex(@"^(\[(?<box>[ xX✓])\]|✅|✔️?|☑️?)\s*")]
    private static partial Regex Tick();
}
