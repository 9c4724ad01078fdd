using System.Text;
using CsCheck;
using KnowledgeOs.Tests.Support;

namespace KnowledgeOs.Tests.Fuzzing;

/// <summary>
/// Hostile inputs for the parsers: real documents (the project's samples, the shared fixtures when present) mutated
/// the way a careless client or an attacker would, and JSON generated from the report's own field names.
/// </summary>
internal static class FuzzInputs
{
    /// <summary>Seeds: every file of the given extension under samples/ and, when present, the shared fixtures.</summary>
    public static IReadOnlyList<string> Seeds(string extension, params string[] fixtureFolders)
    {
        var files = Directory.EnumerateFiles(Repo.Samples, "*" + extension, SearchOption.AllDirectories).ToList();
        if (Repo.Fixtures is { } fixtures)
        {
            foreach (var folder in fixtureFolders)
            {
                var path = Path.Combine(fixtures, folder);
                if (Directory.Exists(path)) files.AddRange(Directory.EnumerateFiles(path, "*" + extension, SearchOption.AllDirectories));
            }
        }
        return [.. files.Order(StringComparer.Ordinal).Select(File.ReadAllText)];
    }

    /// <summary>A seed with one to six mutations applied in turn.</summary>
    public static Gen<string> Mutated(IReadOnlyList<string> seeds) =>
        Gen.Select(Gen.Int[0, seeds.Count - 1], Mutation.Generator.Array[1, 6], (seed, mutations) =>
            mutations.Aggregate(seeds[seed], (text, mutation) => mutation.Apply(text, seeds)));

    /// <summary>Characters that break naive text handling: NUL, lone surrogates, bidi and zero-width controls, BOM, CR.</summary>
    private static readonly string[] Nasty =
    [
        "\0", "\ud800", "\udfff", "\udc00\ud800", "\u202e", "\u2066", "\u200b", "\u200d", "\ufeff", "\ufffd", "\r", "\u0085", "\u2028",
        "\u0301\u0301\u0301", "🧠", "👨‍🏫", "\t", "\\", "\"", "\\u0000", "\\ud800", "'", "`", "|", "[", "]", "(", ")", "{", "}", "#", "*", "-", ":",
    ];

    /// <summary>Numbers at and past every edge a counter or date may have.</summary>
    private static readonly string[] Numbers =
    [
        "2147483647", "2147483648", "-2147483648", "-2147483649", "9223372036854775807", "9223372036854775808", "1e309", "-1e309", "1e-400",
        "0.1", "-0", "00012", "NaN", "Infinity", "99999999999999999999999999999999999999", "0x10", "1_000", "٣", "１２",
    ];

    /// <summary>Fragments that change a document's structure: headings, list marks, JSON punctuation.</summary>
    private static readonly string[] Structure =
    [
        "\n# ", "\n## ", "\n### ", "\n#### ", "\n- ", "\n- [x] ", "\n- [ ] ", "\n* ", "\n1. ", "\n> ", "\n```\n", "\n---\n", "\n|a|b|\n|-|-|\n",
        "**", "__", "⭐", "⭐⭐⭐⭐⭐", "100+", "195%", "(", ")", ": ", " — ", "{", "}", "[", "]", ",", "\":", "\"a\":", "null", "true", "[]", "{}",
        "\"taskId\":", "\"participants\":", "\"task_id\":", "\"experts\":", "\"completedAt\":\"2026-03-04T12:00:00Z\"",
    ];

    private enum Kind { FlipByte, Truncate, Splice, DuplicateLine, DuplicateSlice, DeleteSlice, Nasty, Number, Structure, Repeat, Nest }

    /// <summary>One edit at a relative position; <see cref="Apply"/> turns it into text.</summary>
    private sealed record Mutation(Kind Kind, double At, double Size, int Pick, int Count)
    {
        public static readonly Gen<Mutation> Generator = Gen.Select(
            Gen.Enum<Kind>(), Gen.Double[0, 1], Gen.Double[0, 1], Gen.Int[0, 10_000], Gen.Int[1, 5_000],
            (kind, at, size, pick, count) => new Mutation(kind, at, size, pick, count));

        public string Apply(string text, IReadOnlyList<string> seeds)
        {
            var at = (int)(At * text.Length);
            var length = (int)(Size * Math.Min(200, text.Length - at));
            return Kind switch
            {
                Kind.FlipByte => FlipByte(text),
                Kind.Truncate => text[..at],
                Kind.Splice => Splice(text, at, seeds[Pick % seeds.Count]),
                Kind.DuplicateLine => DuplicateLine(text, at),
                Kind.DuplicateSlice => text.Insert(at, text.Substring(at, length)),
                Kind.DeleteSlice => text.Remove(at, length),
                Kind.Nasty => text.Insert(at, Nasty[Pick % Nasty.Length]),
                Kind.Number => ReplaceNumber(text, at, Numbers[Pick % Numbers.Length]),
                Kind.Structure => text.Insert(at, Structure[Pick % Structure.Length]),
                Kind.Repeat => text.Insert(at, string.Concat(Enumerable.Repeat(Pick % 2 == 0 ? "a" : Nasty[Pick % Nasty.Length], Count * 10))),
                Kind.Nest => text.Insert(at, string.Concat(Enumerable.Repeat(Pick % 3 == 0 ? "[" : Pick % 3 == 1 ? "{\"a\":" : "> ", Count % 2_000))),
                _ => text,
            };
        }

        /// <summary>Flips one bit of one UTF-8 byte; the bytes are decoded back the lenient way a reader would.</summary>
        private string FlipByte(string text)
        {
            var bytes = Encoding.UTF8.GetBytes(text);
            if (bytes.Length == 0) return text;
            var i = (int)(At * (bytes.Length - 1));
            bytes[i] ^= (byte)(1 << (Pick % 8));
            return Encoding.UTF8.GetString(bytes);
        }

        private string Splice(string text, int at, string other)
        {
            var from = (int)(Size * other.Length);
            var take = Math.Min(other.Length - from, Count);
            return text[..at] + other.Substring(from, take);
        }

        private static string DuplicateLine(string text, int at)
        {
            var start = text.LastIndexOf('\n', Math.Max(0, at - 1)) + 1;
            var end = text.IndexOf('\n', at);
            if (end < 0) end = text.Length;
            if (start > end) return text;
            var line = text[start..end];
            return text.Insert(end, "\n" + line);
        }

        private static string ReplaceNumber(string text, int at, string number)
        {
            var start = at;
            while (start < text.Length && !char.IsAsciiDigit(text[start])) start++;
            if (start == text.Length) return text.Insert(at, number);
            var end = start;
            while (end < text.Length && char.IsAsciiDigit(text[end])) end++;
            return text[..start] + number + text[end..];
        }
    }

    /// <summary>JSON objects built from the report fields (native and ATRA) with values of every kind, often the wrong one.</summary>
    public static Gen<string> ReportJson()
    {
        string[] fields =
        [
            "taskId", "title", "description", "completedAt", "durationMinutes", "participants", "tags", "case", "isCase", "outcome", "errorsFixed",
            "expert", "slug", "name", "role", "newKnowledge", "problems", "practices", "knowledgeUpdates", "whatWorked", "whatToImprove",
            "task_id", "task_name", "task_description", "completed_at", "duration_minutes", "experts", "what_worked", "what_to_improve",
            "new_knowledge", "knowledge_updates", "overall_success", "lessons_learned", "metrics", "newKnowlege", "",
        ];
        var leaf = Gen.OneOf(
            Gen.Const("null"), Gen.Const("true"), Gen.Const("false"), Gen.Const("\"\""), Gen.Const("\"igor\""), Gen.Const("\"success\""),
            Gen.Const("\"2026-03-04T12:00:00Z\""), Gen.Const("\"03/04/2026\""), Gen.Const("\"ORB-101\""),
            Gen.OneOf(Numbers), Gen.String.Select(s => System.Text.Json.JsonSerializer.Serialize(s)),
            Gen.OneOf(Nasty).Select(s => System.Text.Json.JsonSerializer.Serialize("x" + s + "y")));
        Gen<string> Value(int depth) => depth == 0
            ? leaf
            : Gen.Frequency(
                (4, leaf),
                (2, Value(depth - 1).Array[0, 4].Select(items => "[" + string.Join(",", items) + "]")),
                (2, Object(depth - 1)));
        Gen<string> Object(int depth) =>
            Gen.Select(Gen.OneOf(fields), Value(depth), (k, v) => $"\"{k}\":{v}").Array[0, 8]
                .Select(members => "{" + string.Join(",", members) + "}");
        return Object(3);
    }
}
