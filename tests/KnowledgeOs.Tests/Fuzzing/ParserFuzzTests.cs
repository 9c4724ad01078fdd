using System.Globalization;
using CsCheck;
using KnowledgeOs.Import;
using KnowledgeOs.Learning;
using Xunit.Abstractions;

namespace KnowledgeOs.Tests.Fuzzing;

/// <summary>
/// The three parsers of outside text, fuzzed for a bounded time (<c>KOS_FUZZ_SECONDS</c> per parser: 2 by default,
/// 20 in CI): whatever the input, a parser answers or refuses it with the documented <see cref="InputException"/>,
/// and never hangs. A failure prints the CsCheck seed that reproduces it and the shrunk input.
/// </summary>
public sealed class ParserFuzzTests(ITestOutputHelper output)
{
    /// <summary>Generous: a parse of the largest seed takes milliseconds; only a hang or a blow-up gets near it.</summary>
    private static readonly TimeSpan PerInput = TimeSpan.FromSeconds(10);

    private static readonly DateTimeOffset Fallback = new(2026, 11, 2, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void The_report_parser_answers_every_input_or_refuses_it_as_input()
    {
        var seeds = FuzzInputs.Seeds(".json", "atra");
        Fuzz("report parser", Gen.Frequency((3, FuzzInputs.Mutated(seeds)), (1, FuzzInputs.ReportJson())),
            text => ReportParser.Parse(text, "fuzz.json"));
    }

    [Fact]
    public void The_knowledge_base_parser_answers_every_input_or_refuses_it_as_input()
    {
        // The seed file is the original ATRA knowledge base, every section repeated three times.
        var seeds = FuzzInputs.Seeds("_knowledge.md", "atra/knowledge").Concat(FuzzInputs.Seeds(".txt", "seed")).ToList();
        Fuzz("knowledge-base parser", FuzzInputs.Mutated(seeds),
            text => KnowledgeDocumentParser.Parse(text, "fuzz_knowledge.md", Fallback));
    }

    [Fact]
    public void The_learning_program_parser_answers_every_input_or_refuses_it_as_input()
    {
        var seeds = FuzzInputs.Seeds("_program.md", "atra/learning_programs");
        Fuzz("learning-program parser", FuzzInputs.Mutated(seeds), text => LearningProgramParser.Parse(text, "fuzz_program.md"));
    }

    /// <summary>Runs <paramref name="parse"/> on generated inputs for the time budget, on every core, and reports the count.</summary>
    private void Fuzz(string name, Gen<string> inputs, Action<string> parse)
    {
        var seconds = Budget();
        long tried = 0, refused = 0;
        inputs.Sample(text =>
        {
            Interlocked.Increment(ref tried);
            var run = Task.Run(() =>
            {
                try
                {
                    parse(text);
                    return false;
                }
                catch (InputException)
                {
                    return true;
                }
            });
            if (!run.Wait(PerInput)) throw new TimeoutException($"the {name} did not answer within {PerInput.TotalSeconds:0} s");
            if (run.Result) Interlocked.Increment(ref refused);
        }, writeLine: output.WriteLine, time: seconds, print: Show);
        var line = string.Create(CultureInfo.InvariantCulture,
            $"fuzz {name}: {tried:N0} inputs in {seconds} s (KOS_FUZZ_SECONDS), {tried - refused:N0} parsed, {refused:N0} refused as input, 0 crashes, 0 hangs");
        output.WriteLine(line);
        // Also on stderr, so that a CI log shows the count without a verbose test logger.
        Console.Error.WriteLine(line);
        Assert.True(tried > 0, $"the {name} was not run at all");
    }

    private static int Budget() =>
        int.TryParse(Environment.GetEnvironmentVariable("KOS_FUZZ_SECONDS"), NumberStyles.None, CultureInfo.InvariantCulture, out var s) && s > 0
            ? Math.Min(s, 600)
            : 2;

    /// <summary>The input as a C# literal a failure report can be pasted from, cut to a readable length.</summary>
    private static string Show(string text)
    {
        var shown = text.Length > 2_000 ? text[..2_000] : text;
        var escaped = new System.Text.StringBuilder();
        for (var i = 0; i < shown.Length; i++)
        {
            var c = shown[i];
            var paired = char.IsHighSurrogate(c) && i + 1 < shown.Length && char.IsLowSurrogate(shown[i + 1])
                || char.IsLowSurrogate(c) && i > 0 && char.IsHighSurrogate(shown[i - 1]);
            escaped.Append(c switch
            {
                '\\' => "\\\\",
                '"' => "\\\"",
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                _ when char.IsControl(c) || (char.IsSurrogate(c) && !paired) || c is >= '\u200b' and <= '\u200f' or >= '\u202a' and <= '\u202e' or >= '\u2066' and <= '\u2069'
                    => $"\\u{(int)c:x4}",
                _ => c.ToString(),
            });
        }
        return $"\"{escaped}\"" + (text.Length > shown.Length ? $" … ({text.Length:N0} chars)" : "");
    }
}
