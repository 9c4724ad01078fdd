using System.Globalization;
using System.Text.Json;

namespace KnowledgeOs.Text;

/// <summary>JSON given as input (a report, a team file, a program template), parsed with an error that names the origin, line and byte.</summary>
public static class JsonInput
{
    /// <summary>Parses <paramref name="json"/>; the caller disposes the document.</summary>
    /// <exception cref="InputException">Not valid JSON: names <paramref name="origin"/>, the line and the byte (both from 1) and what
    /// the reader found there; or text holding an unpaired surrogate.</exception>
    public static JsonDocument Parse(string json, string origin, JsonDocumentOptions options)
    {
        try
        {
            return JsonDocument.Parse(json, options);
        }
        catch (JsonException ex)
        {
            var (line, at) = (Position(ex.LineNumber), Position(ex.BytePositionInLine));
            throw new InputException($"{origin}: not valid JSON at line {line}, byte {at}: {LibraryMessage.FirstSentence(ex.Message)}.", origin, ex)
                .WithCode(ErrorCodes.JsonInvalid, origin, line, at);
        }
        catch (ArgumentException ex)
        {
            // A string holding an unpaired surrogate cannot even be transcoded for the JSON reader.
            throw new InputException($"{origin}: not valid text: it holds an unpaired surrogate, which is not a character.", origin, ex)
                .WithCode(ErrorCodes.TextUnpairedSurrogate, origin, origin);
        }
    }

    /// <summary>A line or byte number as people count, from 1.</summary>
    private static string Position(long? zeroBased) => ((zeroBased ?? 0) + 1).ToString(CultureInfo.InvariantCulture);
}
