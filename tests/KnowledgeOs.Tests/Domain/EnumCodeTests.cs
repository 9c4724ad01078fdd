using System.Text.Json;
using KnowledgeOs.Cli.Infrastructure;
using KnowledgeOs.Cycle;
using KnowledgeOs.Events;
using KnowledgeOs.Experts;
using KnowledgeOs.Storage;
using KnowledgeOs.Text;

namespace KnowledgeOs.Tests.Domain;

/// <summary>
/// Each status enum writes its codes once (<c>[JsonStringEnumMemberName]</c>); JSON, <c>Code()</c> and parsing read them
/// from there. The codes are stored data: these are the texts every earlier version wrote.
/// </summary>
public sealed class EnumCodeTests
{
    [Fact]
    public void The_codes_are_the_texts_stored_before()
    {
        Assert.Equal(["ran", "not_due", "held", "failed"], Codes<JobStatus>());
        Assert.Equal(["ok", "not_modified", "failed"], Codes<FeedStatus>());
        Assert.Equal(["active", "paused", "retired"], Codes<ExpertStatus>());
        Assert.Equal(["success", "partial", "failure", "unknown"], Codes<Outcome>());
        Assert.Equal(["active", "retracted"], Codes<ItemStatus>());
        Assert.Equal(["learned", "amended", "replay", "error"], Codes<ReportFileStatus>()); // kos learn --json
    }

    [Fact]
    public void Every_member_round_trips_through_code_parse_and_json()
    {
        RoundTrips<JobStatus>(s => s.Code(), s => EnumCodes<JobStatus>.Parse(s));
        RoundTrips<FeedStatus>(s => s.Code(), FeedStatuses.Parse);
        RoundTrips<ExpertStatus>(s => s.Code(), ExpertStatuses.Parse);
        RoundTrips<Outcome>(s => s.Code(), Outcomes.Parse);
        RoundTrips<ItemStatus>(s => s.Code(), ItemStatuses.Parse);
        RoundTrips<ReportFileStatus>(EnumCodes<ReportFileStatus>.Code, s => EnumCodes<ReportFileStatus>.Parse(s));
    }

    [Fact]
    public void Parsing_what_people_type_ignores_case_and_spaces_and_what_the_store_wrote_does_not()
    {
        Assert.Equal(ExpertStatus.Paused, ExpertStatuses.Parse(" Paused "));
        Assert.Equal(ItemStatus.Retracted, ItemStatuses.Parse("RETRACTED"));
        Assert.Equal(Outcome.Partial, Outcomes.Parse(" Partial"));
        Assert.Null(FeedStatuses.Parse("OK"));
        Assert.Null(ExpertStatuses.Parse("archived"));
        Assert.Null(EnumCodes<JobStatus>.Parse(null));
    }

    [Fact]
    public void The_words_reports_use_for_an_outcome_still_parse()
    {
        Assert.Equal(Outcome.Success, Outcomes.Parse("Done"));
        Assert.Equal(Outcome.Partial, Outcomes.Parse("partial_success"));
        Assert.Equal(Outcome.Failure, Outcomes.Parse("failed"));
        Assert.Null(Outcomes.Parse("maybe"));
    }

    [Fact]
    public void The_allowed_codes_read_as_a_list_for_an_error_message()
    {
        Assert.Equal("active, paused or retired", ExpertStatuses.Allowed);
        Assert.Equal("active or retracted", EnumCodes<ItemStatus>.Allowed);
    }

    [Fact]
    public void A_value_that_is_no_member_has_no_code()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ((Outcome)42).Code());
    }

    private static string[] Codes<TEnum>() where TEnum : struct, Enum =>
        [.. Enum.GetValues<TEnum>().Select(EnumCodes<TEnum>.Code)];

    private static void RoundTrips<TEnum>(Func<TEnum, string> code, Func<string, TEnum?> parse) where TEnum : struct, Enum
    {
        foreach (var value in Enum.GetValues<TEnum>())
        {
            var text = code(value);
            Assert.Equal(value, parse(text));
            Assert.Equal($"\"{text}\"", JsonSerializer.Serialize(value));
            Assert.Equal(value, JsonSerializer.Deserialize<TEnum>($"\"{text}\""));
        }
    }
}
