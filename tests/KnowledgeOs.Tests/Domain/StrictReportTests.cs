using System.Text;
using System.Text.Json.Nodes;
using KnowledgeOs.Learning;

namespace KnowledgeOs.Tests.Domain;

/// <summary>
/// Reports are read strictly (issue 10): what would be lost, guessed or stored altered is refused naming the field;
/// counters have a range, texts follow the one text policy, sizes stay under <see cref="ReportLimits"/>.
/// </summary>
public sealed class StrictReportTests
{
    private const string Native = """
        {
          "taskId": "ORB-7",
          "title": "Refund API",
          "completedAt": "2026-03-17T21:20:00+03:00",
          "durationMinutes": 90,
          "outcome": "success",
          "participants": [
            { "expert": "dmitriy", "errorsFixed": 5, "newKnowledge": ["Own knowledge"], "problems": [{ "problem": "Double refund", "solution": "Row lock" }] }
          ]
        }
        """;

    private const string Atra = """
        {
          "task_id": "task_001",
          "task_name": "ML features",
          "task_description": "Missing features",
          "completed_at": "2025-01-15T12:00:00+00:00",
          "duration_minutes": 45,
          "experts": [
            { "expert": "Дмитрий", "role": "ML Engineer", "what_worked": ["a"], "what_to_improve": ["b"], "new_knowledge": ["c", "d", "e", "f"], "knowledge_updates": ["g"] }
          ],
          "overall_success": true,
          "overall_what_worked": ["h"],
          "overall_what_to_improve": ["i"],
          "overall_new_knowledge": ["j"],
          "metrics": { "errors_count": 0, "ml_roc_auc": 0.91, "features_count": { "before": 10, "after": 14 } },
          "lessons_learned": ["k"]
        }
        """;

    private static InputException Refused(string json, ReportLimits? limits = null) =>
        Assert.ThrowsAny<InputException>(() => ReportParser.Parse(json, "report.json", limits));

    private static string Set(string json, string path, string rawValue)
    {
        var root = JsonNode.Parse(json)!;
        var parts = path.Split('.');
        var node = root;
        foreach (var part in parts[..^1]) node = part.EndsWith(']') ? node[part[..part.IndexOf('[')]]![int.Parse(part[(part.IndexOf('[') + 1)..^1], System.Globalization.CultureInfo.InvariantCulture)]! : node[part]!;
        node[parts[^1]] = JsonNode.Parse(rawValue);
        return root.ToJsonString(new System.Text.Json.JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
    }

    [Fact]
    public void Every_field_of_an_ATRA_retrospective_is_accepted_even_those_not_used_yet()
    {
        var r = ReportParser.Parse(Atra, "retro.json");

        Assert.Equal("task_001", r.TaskId);
        Assert.Equal(["c", "d", "e", "f", "g", "k"], r.Participants[0].NewKnowledge);
    }

    [Theory]
    [InlineData("participants[0].newKnowlege", "newKnowledge")]
    [InlineData("tittle", "title")]
    [InlineData("completed_at", "completedAt")]
    [InlineData("participants[0].errorFixed", "errorsFixed")]
    public void A_misspelled_native_field_is_refused_suggesting_the_known_one(string path, string suggestion)
    {
        var ex = Refused(Set(Native, path, "[\"knowledge that would be lost\"]"));

        Assert.Equal(path, ex.Field);
        Assert.Contains($"did you mean '{suggestion}'?", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_misspelled_ATRA_field_is_refused_suggesting_the_known_one()
    {
        var ex = Refused(Set(Atra, "experts[0].new_knowlege", "[\"x\"]"));

        Assert.Equal("experts[0].new_knowlege", ex.Field);
        Assert.Contains("did you mean 'new_knowledge'?", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_field_far_from_every_known_one_is_refused_listing_the_known_ones()
    {
        var ex = Refused(Set(Native, "favouriteColour", "\"blue\""));

        Assert.Equal("favouriteColour", ex.Field);
        Assert.Contains("known here: taskId", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{ "taskId": "A", "taskId": "B", "completedAt": "2026-03-02T10:00:00Z", "outcome": "success", "participants": ["igor"] }""", "taskId")]
    [InlineData("""{ "taskId": "A", "completedAt": "2026-03-02T10:00:00Z", "participants": [{ "expert": "igor", "outcome": "success", "outcome": "failure" }] }""", "participants[0].outcome")]
    [InlineData("""{ "task_id": "A", "completed_at": "2026-03-02T10:00:00Z", "experts": [{ "expert": "Игорь" }], "metrics": { "errors_fixed": 1, "errors_fixed": 2 } }""", "metrics.errors_fixed")]
    public void A_duplicate_key_is_refused_naming_it(string json, string field)
    {
        var ex = Refused(json);

        Assert.Equal(field, ex.Field);
        Assert.Contains("given twice", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    // Found by the report fuzzer: an escaped lone surrogate in a field name, at the top (where the format is
    // detected) and deeper down.
    [InlineData("""{ "task\ud800_id": "A" }""")]
    [InlineData("""{ "taskId": "A", "completedAt": "2026-03-02T10:00:00Z", "participants": [{ "exp\udc00ert": "igor" }] }""")]
    public void A_field_name_with_an_unpaired_surrogate_is_refused_as_input(string json)
    {
        var ex = Refused(json);

        Assert.Contains("unpaired surrogate", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("03/04/2026")]
    [InlineData("12:00")]
    [InlineData("Tuesday, 03 March 2026")]
    [InlineData("2026-03-02")]
    [InlineData("2026-03-02T10:00:00")]
    [InlineData("2026-03-02 10:00:00Z")]
    public void A_date_that_is_not_ISO_8601_with_an_offset_is_refused(string date)
    {
        var ex = Refused(Set(Native, "completedAt", $"\"{date}\""));

        Assert.Equal("completedAt", ex.Field);
        Assert.Contains("ISO 8601", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("2026-03-02T10:00:00Z", "2026-03-02T10:00:00.0000000+00:00")]
    [InlineData("2026-03-02T13:00+03:00", "2026-03-02T10:00:00.0000000+00:00")]
    [InlineData("2026-03-02T10:00:00.123456-01:30", "2026-03-02T11:30:00.1234560+00:00")]
    public void An_ISO_8601_date_with_an_offset_is_read_as_that_instant(string date, string utc)
    {
        Assert.Equal(utc, ReportParser.Parse(Set(Native, "completedAt", $"\"{date}\""), "r").CompletedAt.ToString("O", System.Globalization.CultureInfo.InvariantCulture));
    }

    [Theory]
    [InlineData("participants[0].errorsFixed", "2147483647", "10,000")]
    [InlineData("participants[0].errorsFixed", "10001", "10,000")]
    [InlineData("errorsFixed", "99999999999", "10,000")]
    [InlineData("durationMinutes", "525601", "525,600")]
    [InlineData("durationMinutes", "-1", "525,600")]
    public void A_counter_out_of_its_documented_range_is_refused_naming_the_field_and_the_range(string path, string value, string max)
    {
        var ex = Refused(Set(Native, path, value));

        Assert.Equal(path, ex.Field);
        Assert.Contains($"from 0 to {max}", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Counters_at_the_top_of_their_range_are_accepted()
    {
        var r = ReportParser.Parse(Set(Set(Native, "participants[0].errorsFixed", "10000"), "durationMinutes", "525600"), "r");

        Assert.Equal((10_000, 525_600), (r.Participants[0].ErrorsFixed, r.DurationMinutes));
    }

    [Fact]
    public void ATRA_counters_are_checked_too()
    {
        Assert.Equal("metrics.errors_fixed", Refused(Set(Atra, "metrics", """{ "errors_fixed": 2147483647 }""")).Field);
        Assert.Equal("duration_minutes", Refused(Set(Atra, "duration_minutes", "1e9")).Field);
    }

    [Theory]
    [InlineData("participants[0].newKnowledge", "[\"ok\", \"a\\u0000b\"]", "participants[0].newKnowledge[1]", "NUL")]
    [InlineData("taskId", "\"\\ud800\"", "taskId", "unpaired surrogate")]
    [InlineData("title", "\"x\\udc00y\"", "title", "unpaired surrogate")]
    [InlineData("taskId", "\"ORB-101\\u200b\"", "taskId", "zero-width")]
    [InlineData("taskId", "\"ORB-\\u202e101\"", "taskId", "bidi")]
    [InlineData("taskId", "\"\\u2066ORB-101\"", "taskId", "bidi")]
    [InlineData("taskId", "\"\\ufeffORB-101\"", "taskId", "zero-width")]
    public void Text_against_the_policy_is_refused_naming_the_field(string path, string raw, string field, string problem)
    {
        var json = Native.Replace(path switch
        {
            "taskId" => "\"taskId\": \"ORB-7\"",
            "title" => "\"title\": \"Refund API\"",
            _ => "\"newKnowledge\": [\"Own knowledge\"]",
        }, $"\"{path.Split('.')[^1]}\": {raw}", StringComparison.Ordinal);

        var ex = Refused(json);

        Assert.Equal(field, ex.Field);
        Assert.Contains(problem, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_ATRA_text_against_the_policy_is_named_by_its_JSON_path()
    {
        var json = Atra.Replace("\"f\"", "\"f\\u0000\"", StringComparison.Ordinal);

        Assert.Equal("experts[0].new_knowledge[3]", Refused(json).Field);
    }

    [Fact]
    public void Zero_width_characters_in_ordinary_text_are_kept_and_text_is_NFC_normalised()
    {
        // A family emoji is joined by U+200D: legitimate in text, only identifiers refuse it.
        var json = Native.Replace("Own knowledge", "Cafe\u0301 👨\u200D👩\u200D👧", StringComparison.Ordinal);

        var r = ReportParser.Parse(json, "r");

        Assert.Equal("Caf\u00e9 👨\u200D👩\u200D👧", r.Participants[0].NewKnowledge[0]);
    }

    [Fact]
    public void Invalid_UTF_8_bytes_are_refused_naming_the_origin_not_stored_as_replacement_characters()
    {
        var bytes = Encoding.UTF8.GetBytes(Native.Replace("ORB-7", "ORB-#", StringComparison.Ordinal));
        bytes[Array.IndexOf(bytes, (byte)'#')] = 0xC3;

        var ex = Assert.ThrowsAny<InputException>(() => ReportParser.Parse(bytes, "report.json"));

        Assert.Equal("report.json", ex.Field);
        Assert.Contains("invalid UTF-8", ex.Message, StringComparison.Ordinal);
        Assert.Equal("ORB-7", ReportParser.Parse(Encoding.UTF8.GetBytes(Native), "report.json").TaskId);
    }

    [Fact]
    public void Too_many_items_in_one_list_exceed_a_named_limit()
    {
        var many = "[" + string.Join(",", Enumerable.Range(0, 201).Select(i => $"\"fact {i}\"")) + "]";

        var ex = Assert.IsType<LimitExceededException>(Refused(Set(Native, "participants[0].newKnowledge", many)));

        Assert.Equal(("participants[0].newKnowledge", nameof(ReportLimits.MaxItemsPerParticipant), 200), (ex.Field, ex.Limit, ex.Max));
        Assert.Contains("MaxItemsPerParticipant", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Too_many_participants_exceed_a_named_limit()
    {
        var many = "[" + string.Join(",", Enumerable.Range(0, 51).Select(i => $"\"e{i}\"")) + "]";

        var ex = Assert.IsType<LimitExceededException>(Refused(Set(Native, "participants", many)));

        Assert.Equal(("participants", nameof(ReportLimits.MaxParticipants)), (ex.Field, ex.Limit));
    }

    [Fact]
    public void Limits_are_configurable_and_ATRA_knowledge_is_bounded_as_a_whole()
    {
        var limits = new ReportLimits(MaxItemsPerParticipant: 5, MaxTextLength: 20);

        // Each list holds at most 4, but new_knowledge + knowledge_updates + lessons_learned make 6.
        var ex = Assert.IsType<LimitExceededException>(Refused(Atra, limits));
        Assert.Equal("experts[0].new_knowledge", ex.Field);

        var text = Assert.IsType<LimitExceededException>(Refused(Set(Native, "title", "\"" + new string('x', 21) + "\""), limits));
        Assert.Equal(("title", nameof(ReportLimits.MaxTextLength), 20), (text.Field, text.Limit, text.Max));
    }
}
