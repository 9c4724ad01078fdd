using System.Collections.Concurrent;
using KnowledgeOs.Rendering;
using Microsoft.ML.Tokenizers;

namespace KnowledgeOs.Text;

/// <summary>What a context-pack budget counts.</summary>
public enum BudgetUnit
{
    /// <summary>Characters (UTF-16 code units, as <see cref="string.Length"/> counts them).</summary>
    Chars,

    /// <summary>Tokens of a model's tokenizer (<see cref="TokenizerKind"/>).</summary>
    Tokens,
}

/// <summary>The tokenizers a token budget can be counted with (Microsoft.ML.Tokenizers, data shipped in the package).</summary>
public enum TokenizerKind
{
    /// <summary><c>o200k_base</c>: GPT-4o, GPT-4.1, o-series and later.</summary>
    O200k,

    /// <summary><c>cl100k_base</c>: GPT-4, GPT-3.5 and text-embedding-3.</summary>
    Cl100k,
}

/// <summary>
/// A context pack's budget: a limit and what it counts — characters, or tokens of a real tokenizer, so a pack
/// fits the context window an agent actually has. Measuring is exact; only the pack's fast path estimates.
/// </summary>
public sealed record PackBudget
{
    /// <summary>Token budget when none is given (about the default 6,000 characters of Russian or English).</summary>
    public const int DefaultTokens = 1500;

    /// <summary>Smallest token budget accepted: the title and the counts line always fit in it.</summary>
    public const int MinTokens = 150;

    /// <summary>Largest token budget accepted.</summary>
    public const int MaxTokens = 100_000;

    private static readonly ConcurrentDictionary<TokenizerKind, Tokenizer> Tokenizers = new();

    /// <summary>A budget of <paramref name="limit"/> in <paramref name="unit"/> (the tokenizer only counts for tokens).</summary>
    public PackBudget(int limit, BudgetUnit unit = BudgetUnit.Chars, TokenizerKind tokenizer = TokenizerKind.O200k)
    {
        Limit = limit;
        Unit = unit;
        Tokenizer = tokenizer;
    }

    /// <summary>The most units the Markdown may have.</summary>
    public int Limit { get; }

    /// <summary>What is counted.</summary>
    public BudgetUnit Unit { get; }

    /// <summary>The tokenizer, when tokens are counted.</summary>
    public TokenizerKind Tokenizer { get; }

    /// <summary>Below this much room left, no item line can fit any more (an id and a source alone take about this).</summary>
    public int SmallestLine => Unit == BudgetUnit.Chars ? 40 : 12;

    /// <summary>The unit as shown: <c>characters</c>, <c>o200k tokens</c>, <c>cl100k tokens</c>.</summary>
    public string UnitName => Unit == BudgetUnit.Chars ? "characters" : $"{TokenizerName} tokens";

    /// <summary>The unit in the pack's own language (its counts line).</summary>
    public string UnitLabel(RenderLanguage lang) => (Unit, lang) switch
    {
        (BudgetUnit.Chars, RenderLanguage.En) => "characters",
        (BudgetUnit.Chars, _) => "символов",
        (_, RenderLanguage.En) => $"{TokenizerName} tokens",
        _ => $"токенов {TokenizerName}",
    };

    /// <summary>The size of <paramref name="text"/> in this budget's unit.</summary>
    public int Measure(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return Unit == BudgetUnit.Chars ? text.Length : TokenizerOf(Tokenizer).CountTokens(text);
    }

    /// <summary>Checks the limit against the unit's range; <paramref name="field"/> names the option.</summary>
    /// <exception cref="InputException">The limit is out of range.</exception>
    public void Validate(int minChars, int maxChars, string field = "budget")
    {
        var (min, max) = Unit == BudgetUnit.Chars ? (minChars, maxChars) : (MinTokens, MaxTokens);
        if (Limit < min || Limit > max)
            throw new InputException($"budget must be between {min:N0} and {max:N0} {UnitName} (got {Limit:N0}).", field)
                .WithCode(ErrorCodes.BudgetOutOfRange, field, min.ToString("N0", System.Globalization.CultureInfo.InvariantCulture), max.ToString("N0", System.Globalization.CultureInfo.InvariantCulture),
                    UnitName, Limit.ToString("N0", System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>The unit and tokenizer options as given: a tokenizer named without a unit means tokens.</summary>
    /// <exception cref="InputException">An unknown unit or tokenizer; names the option.</exception>
    public static (BudgetUnit Unit, TokenizerKind Tokenizer) Parse(string? unit, string? tokenizer, string unitField, string tokenizerField) =>
        (unit is null && tokenizer is not null ? BudgetUnit.Tokens : ParseUnit(unit, unitField), ParseTokenizer(tokenizer, tokenizerField));

    /// <summary>The budget when none is given, in a unit.</summary>
    public static int DefaultFor(BudgetUnit unit, int defaultChars) => unit == BudgetUnit.Chars ? defaultChars : DefaultTokens;

    /// <summary>Parses <c>chars</c> or <c>tokens</c>.</summary>
    /// <exception cref="InputException">Anything else; names <paramref name="field"/>.</exception>
    public static BudgetUnit ParseUnit(string? text, string field) => text?.Trim().ToLowerInvariant() switch
    {
        null or "" or "chars" or "characters" => BudgetUnit.Chars,
        "tokens" => BudgetUnit.Tokens,
        _ => throw new InputException($"{field} must be chars or tokens (got '{text}').", field)
            .WithCode(ErrorCodes.OptionValueUnknown, field, text ?? "", "chars, tokens"),
    };

    /// <summary>Parses <c>o200k</c> or <c>cl100k</c> (with or without <c>_base</c>).</summary>
    /// <exception cref="InputException">Anything else; names <paramref name="field"/>.</exception>
    public static TokenizerKind ParseTokenizer(string? text, string field) => text?.Trim().ToLowerInvariant() switch
    {
        null or "" or "o200k" or "o200k_base" => TokenizerKind.O200k,
        "cl100k" or "cl100k_base" => TokenizerKind.Cl100k,
        _ => throw new InputException($"{field} must be o200k or cl100k (got '{text}').", field)
            .WithCode(ErrorCodes.OptionValueUnknown, field, text ?? "", "o200k, cl100k"),
    };

    private string TokenizerName => Tokenizer == TokenizerKind.O200k ? "o200k" : "cl100k";

    // Loading a vocabulary takes tens of milliseconds; each is loaded once per process and is thread-safe.
    private static Tokenizer TokenizerOf(TokenizerKind kind) => Tokenizers.GetOrAdd(kind, k =>
        TiktokenTokenizer.CreateForEncoding(k == TokenizerKind.O200k ? "o200k_base" : "cl100k_base"));
}
