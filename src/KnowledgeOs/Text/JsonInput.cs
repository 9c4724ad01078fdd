using System.Text.Json;

namespace KnowledgeOs.Text;

/// <summary>A JSON file given as input, parsed with an error that names the file, line and byte.</summary>
public static class JsonInput
{
    /// <summary>Parses <paramref name="json"/>; the caller disposes the document.</summary>
    /// <exception cref="InputException">Not valid JSON: names <paramref name="origin"/>, the line and the byte (both from 1).</exception>
    public static JsonDocument Parse(string json, string origin, JsonDocumentOptions options)
    {
        try
        {
            return JsonDocument.Parse(json, options);
        }
        catch (JsonException ex)
        {
            throw new InputException($"{origin}: not valid JSON at line {(ex.LineNumber ?? 0) + 1}, byte {(ex.BytePositionInLine ?? 0) + 1}.", origin, ex)
                .WithCode(ErrorCodes.JsonInvalid, origin, Position(ex.LineNumber), Position(ex.BytePositionInLine));
        }
    }

    /// <summary>A line or byte number as people count, from 1.</summary>
    private static string Position(long? zeroBased) => ((zeroBased ?? 0) + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
}
