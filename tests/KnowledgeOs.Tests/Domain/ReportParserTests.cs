using KnowledgeOs.Tests.Support;
using KnowledgeOs.Events;
using KnowledgeOs.Learning;

namespace KnowledgeOs.Tests.Domain;

/// <summary>Reading native and ATRA reports; every bad input names the field at fault.</summary>
public sealed class ReportParserTests
{
    private const string Native = """
        {
          "taskId": " ORB-7 ",
          "title": "Refund API",
          "description": "Partial refunds",
          "completedAt": "2026-03-17T21:20:00+03:00",
          "durationMinutes": "90",
          "outcome": "Succeeded",
          "errorsFixed": 2,
          "tags": ["refunds"],
          "case": true,
          "newKnowledge": ["Report-level knowledge"],
          "participants": [
            {
              "expert": "dmitriy",
              "outcome": "partial",
              "errorsFixed": 5,
              "newKnowledge": ["Own knowledge"],
              "problems": [{ "problem": "Double refund", "solution": "Row lock" }, "Slow ledger"],
              "materials": ["Release It! - Michael T. Nygard"],
              "practicesApplied": ["Code review"],
              "whatWorked": ["Pairing"],
              "whatToImprove": ["Earlier contract"]
            },
            { "expert": "ivan" },
            "yuliya"
          ]
        }
        """;

    private static InputException Refused(string json, string origin = "report.json") =>
        Assert.ThrowsAny<InputException>(() => ReportParser.Parse(json, origin));

    /// <summary>A valid native report with one field replaced (or added) by raw JSON.</summary>
    private static string NativeWith(string field, string rawValue)
    {
        var node = System.Text.Json.Nodes.JsonNode.Parse(Native)!.AsObject();
        node[field] = System.Text.Json.Nodes.JsonNode.Parse(rawValue);
        return node.ToJsonString();
    }

    private static string NativeWithout(string field)
    {
        var node = System.Text.Json.Nodes.JsonNode.Parse(Native)!.AsObject();
        node.Remove(field);
        return node.ToJsonString();
    }

    [Fact]
    public void A_native_report_is_read_with_participant_values_winning_over_report_values()
    {
        var r = ReportParser.Parse(Native, "report.json");

        Assert.Equal(("ORB-7", "Refund API", "Partial refunds", 90, true, ReportFormats.Native), (r.TaskId, r.Title, r.Description, r.DurationMinutes, r.IsCase, r.Format));
        Assert.Equal(new DateTimeOffset(2026, 3, 17, 18, 20, 0, TimeSpan.Zero), r.CompletedAt);
        Assert.Equal(TimeSpan.Zero, r.CompletedAt.Offset);
        Assert.Equal("task:ORB-7", r.Source);
        Assert.Equal(["refunds"], r.Tags);

        var d = r.Participants[0];
        Assert.Equal(("dmitriy", Outcome.Partial, 5), (d.Expert.Slug, d.Outcome, d.ErrorsFixed));
        Assert.Equal(["Own knowledge"], d.NewKnowledge);
        Assert.Equal([new ProblemSolution("Double refund", "Row lock"), new ProblemSolution("Slow ledger", "")], d.Problems);
        Assert.Equal(["Release It! - Michael T. Nygard"], d.Materials);
        Assert.Equal(["Code review"], d.PracticesApplied);
        Assert.Equal(["Pairing"], d.WhatWorked);
        Assert.Equal(["Earlier contract"], d.WhatToImprove);

        foreach (var p in r.Participants.Skip(1))
        {
            Assert.Equal((Outcome.Success, 2), (p.Outcome, p.ErrorsFixed));
            Assert.Equal(["Report-level knowledge"], p.NewKnowledge);
        }
        Assert.Equal(["ivan", "yuliya"], r.Participants.Skip(1).Select(p => p.Expert.Slug));
    }

    private const string Atra = """
        {
          "task_id": "RETRO-3",
          "task_name": "Webhook backlog",
          "task_description": "A slow merchant blocked a partition",
          "completed_at": "2026-03-09T11:00:00Z",
          "duration_minutes": 180,
          "experts": [
            {
              "expert": "Юлия",
              "role": "DevOps Engineer",
              "what_worked": ["Lag dashboard"],
              "what_to_improve": ["Alert earlier"],
              "new_knowledge": ["Lag is per partition"],
              "knowledge_updates": ["Retry topic", { "text": "Key by merchant" }, { "knowledge": "Pause the consumer" }]
            },
            { "expert": "Мария", "role": "QA Engineer" }
          ],
          "overall_success": true,
          "lessons_learned": ["Alert on message age"],
          "metrics": { "errors_fixed": 4 }
        }
        """;

    [Fact]
    public void An_ATRA_retrospective_is_read_as_is()
    {
        var r = ReportParser.Parse(Atra, "retro.json");

        Assert.Equal(("RETRO-3", "Webhook backlog", 180, ReportFormats.Atra, "retro:RETRO-3"), (r.TaskId, r.Title, r.DurationMinutes, r.Format, r.Source));
        var y = r.Participants[0];
        Assert.Equal(new ExpertRef(null, "Юлия", "DevOps Engineer"), y.Expert);
        Assert.Equal(Outcome.Success, y.Outcome);
        Assert.Equal(["Lag is per partition", "Retry topic", "Key by merchant", "Pause the consumer", "Alert on message age"], y.NewKnowledge);
        Assert.Equal(["Lag dashboard"], y.WhatWorked);
        Assert.Equal(["Alert earlier"], y.WhatToImprove);
        // The team's errors fixed are counted once, on the first expert, when no expert states their own.
        Assert.Equal([4, 0], r.Participants.Select(p => p.ErrorsFixed));
        Assert.Equal(["Alert on message age"], r.Participants[1].NewKnowledge);
    }

    [Theory]
    [InlineData("false", Outcome.Failure)]
    [InlineData("true", Outcome.Success)]
    [InlineData(null, Outcome.Unknown)]
    public void An_ATRA_outcome_comes_from_overall_success(string? overall, Outcome outcome)
    {
        var node = System.Text.Json.Nodes.JsonNode.Parse(Atra)!.AsObject();
        node.Remove("overall_success");
        if (overall is not null) node["overall_success"] = bool.Parse(overall);

        Assert.All(ReportParser.Parse(node.ToJsonString(), "retro.json").Participants, p => Assert.Equal(outcome, p.Outcome));
    }

    [Fact]
    public void Broken_JSON_names_the_line()
    {
        const string json = "{\n  \"taskId\": \"ORB-1\",\n  \"title\": \"x\"\n  \"outcome\": \"success\"\n}";

        var ex = Refused(json);

        Assert.StartsWith("report.json: not valid JSON at line 4", ex.Message, StringComparison.Ordinal);
        Assert.Equal("report.json", ex.Field);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   \n")]
    public void An_empty_file_is_refused(string json) => Assert.Contains("empty", Refused(json).Message, StringComparison.Ordinal);

    [Fact]
    public void A_report_that_is_not_an_object_is_refused() => Assert.Equal("$", Refused("[1, 2]").Field);

    [Theory]
    [InlineData("taskId")]
    [InlineData("completedAt")]
    [InlineData("participants")]
    public void A_missing_required_field_is_named(string field)
    {
        var ex = Refused(NativeWithout(field));

        Assert.Equal(field, ex.Field);
        Assert.Equal($"report.json: field '{field}' is required", ex.Message[..(ex.Message.IndexOf(" is required", StringComparison.Ordinal) + 12)]);
    }

    [Theory]
    [InlineData("task_id")]
    [InlineData("completed_at")]
    [InlineData("experts")]
    public void A_missing_ATRA_field_is_named(string field)
    {
        var node = System.Text.Json.Nodes.JsonNode.Parse(Atra)!.AsObject();
        node.Remove(field);
        if (field == "task_id") node["task_name"] = "still ATRA: it has experts";

        Assert.Equal(field, Refused(node.ToJsonString()).Field);
    }

    [Fact]
    public void An_unknown_outcome_is_named_with_the_value()
    {
        var ex = Refused(NativeWith("outcome", "\"mostly-done\""));

        Assert.Equal("outcome", ex.Field);
        Assert.Contains("'mostly-done'", ex.Message, StringComparison.Ordinal);
        Assert.Equal("participants[0].outcome", Refused(Native.Replace("\"outcome\": \"partial\"", "\"outcome\": \"meh\"", StringComparison.Ordinal)).Field);
    }

    [Fact]
    public void A_participant_without_an_outcome_anywhere_is_refused()
    {
        Assert.Equal("participants[1].outcome", Refused(NativeWithout("outcome")).Field);
    }

    [Fact]
    public void Empty_participants_are_refused()
    {
        Assert.Equal("participants", Refused(NativeWith("participants", "[]")).Field);
        var node = System.Text.Json.Nodes.JsonNode.Parse(Atra)!.AsObject();
        node["experts"] = new System.Text.Json.Nodes.JsonArray();
        Assert.Equal("experts", Refused(node.ToJsonString()).Field);
    }

    [Fact]
    public void Text_over_ten_thousand_characters_is_refused_and_ten_thousand_is_accepted()
    {
        var ex = Refused(NativeWith("description", $"\"{new string('я', 10_001)}\""));
        Assert.Equal("description", ex.Field);
        Assert.Contains("the limit is", ex.Message, StringComparison.Ordinal);

        Assert.Equal(10_000, ReportParser.Parse(NativeWith("description", $"\"{new string('я', 10_000)}\""), "r").Description.Length);
        Assert.Equal("participants[0].newKnowledge[1]",
            Refused(Native.Replace("[\"Own knowledge\"]", $"[\"ok\", \"{new string('x', 10_001)}\"]", StringComparison.Ordinal)).Field);
        Assert.Equal("participants[0].problems[1]",
            Refused(Native.Replace("\"Slow ledger\"", $"\"{new string('x', 10_001)}\"", StringComparison.Ordinal)).Field);
    }

    [Theory]
    [InlineData("durationMinutes", "\"полтора часа\"", "must be a whole number")]
    [InlineData("durationMinutes", "-5", "must be a whole number")]
    [InlineData("durationMinutes", "1.5", "must be a whole number")]
    [InlineData("errorsFixed", "true", "must be a whole number")]
    [InlineData("title", "42", "must be a string, found a number")]
    [InlineData("tags", "{}", "must be a list of strings, found an object")]
    [InlineData("case", "\"yes\"", "must be true or false")]
    [InlineData("completedAt", "\"вчера\"", "is not a date-time")]
    [InlineData("participants", "{}", "must be a list, found an object")]
    public void A_value_of_the_wrong_type_is_named(string field, string raw, string problem)
    {
        var ex = Refused(NativeWith(field, raw));

        Assert.Equal(field, ex.Field);
        Assert.Contains(problem, ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("\"newKnowledge\": [\"Own knowledge\"]", "\"newKnowledge\": [\"ok\", 7]", "participants[0].newKnowledge[1]")]
    [InlineData("\"expert\": \"ivan\"", "\"expert\": \"Ivan!\"", "participants[1].expert")]
    [InlineData("{ \"expert\": \"ivan\" }", "{ \"role\": \"Team Lead\" }", "participants[1].expert")]
    [InlineData("{ \"problem\": \"Double refund\", \"solution\": \"Row lock\" }", "{ \"solution\": \"Row lock\" }", "participants[0].problems[0].problem")]
    [InlineData("\"errorsFixed\": 5", "\"errorsFixed\": \"five\"", "participants[0].errorsFixed")]
    public void A_bad_participant_field_is_named_with_its_path(string from, string to, string field) =>
        Assert.Equal(field, Refused(Native.Replace(from, to, StringComparison.Ordinal)).Field);

    [Fact]
    public void A_bad_ATRA_expert_field_is_named_with_its_path()
    {
        Assert.Equal("experts[1].expert", Refused(Atra.Replace("\"expert\": \"Мария\", ", "", StringComparison.Ordinal)).Field);
        Assert.Equal("experts[0].knowledge_updates[1]", Refused(Atra.Replace("{ \"text\": \"Key by merchant\" }", "12", StringComparison.Ordinal)).Field);
        Assert.Equal("experts[0].knowledge_updates[2].knowledge", Refused(Atra.Replace("{ \"knowledge\": \"Pause the consumer\" }", "{ }", StringComparison.Ordinal)).Field);
        Assert.Equal("metrics.errors_fixed", Refused(Atra.Replace("\"errors_fixed\": 4", "\"errors_fixed\": \"many\"", StringComparison.Ordinal)).Field);
    }

    [Fact]
    public void A_task_id_with_control_characters_is_refused() =>
        Assert.Equal("taskId", Refused(NativeWith("taskId", "\"ORB\\u0001\"")).Field);

    [Theory]
    [InlineData("ok", Outcome.Success)]
    [InlineData("FAILED", Outcome.Failure)]
    [InlineData("partial_success", Outcome.Partial)]
    public void Outcome_spellings_are_understood(string written, Outcome outcome) =>
        Assert.Equal(outcome, ReportParser.Parse(NativeWith("outcome", $"\"{written}\""), "r").Participants[1].Outcome);

    [Fact]
    public void A_fact_costs_its_own_text_not_the_paths_that_would_name_it_in_an_error()
    {
        // Every POST parses its report (issue 16: its GC pauses). A field's path ("participants[0].newKnowledge[7]")
        // is for an error message: built on the happy path (the shape check and the reader) it cost three strings per
        // list entry, 324 bytes a fact in all before; 150 more facts now cost their text and the list's growth (68 bytes
        // a fact measured).
        var one = Allocated(FactsReport(1));
        var many = Allocated(FactsReport(151));
        Assert.InRange((many - one) / 150.0, 0, 120);
    }

    private static string FactsReport(int facts) =>
        $$"""{"taskId":"t-1","title":"T","completedAt":"2026-03-03T17:40:00Z","outcome":"success","participants":[{"expert":"e-1","newKnowledge":[{{string.Join(",", Enumerable.Range(0, facts).Select(i => $"\"Fact {i:000}\""))}}]}]}""";

    private static long Allocated(string json)
    {
        var (report, allocated) = ThreadAllocation.Of(() => ReportParser.Parse(json, "body"));
        Assert.Equal("Fact 000", report.Participants[0].NewKnowledge[0]);
        return allocated;
    }
}
