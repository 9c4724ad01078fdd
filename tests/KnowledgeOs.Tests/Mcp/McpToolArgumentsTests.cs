using System.Text.Json;
using KnowledgeOs.Server.Mcp;

namespace KnowledgeOs.Tests.Mcp;

/// <summary>Tool arguments as clients send them: plain schemas, JSON text read as its value, errors that name the argument.</summary>
public sealed class McpToolArgumentsTests
{
    private static readonly JsonElement Schema = McpToolArguments.Portable(JsonDocument.Parse("""
        {"type":"object","properties":{
          "task":{"type":"string"},
          "experts":{"type":["array","null"],"items":{"type":["string","null"]},"default":null},
          "top":{"type":"integer","default":5},
          "report":{"description":"any JSON"}},
         "required":["task"]}
        """).RootElement);

    private static (string? Error, Dictionary<string, JsonElement> Args) Check(string json)
    {
        var args = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(json)!;
        return (McpToolArguments.Check(Schema, args), args);
    }

    [Fact]
    public void A_nullable_array_is_declared_a_plain_array_of_strings_and_a_free_value_an_object()
    {
        var experts = Schema.GetProperty("properties").GetProperty("experts");
        Assert.Equal("array", experts.GetProperty("type").GetString());
        Assert.Equal("string", experts.GetProperty("items").GetProperty("type").GetString());
        Assert.False(experts.TryGetProperty("default", out _));
        Assert.Equal("object", Schema.GetProperty("properties").GetProperty("report").GetProperty("type").GetString());
    }

    [Theory]
    [InlineData("""{"task":"t","experts":["a","b"]}""", """["a","b"]""")]
    [InlineData("""{"task":"t","experts":"[\"a\",\"b\"]"}""", """["a","b"]""")]
    [InlineData("""{"task":"t","experts":"a"}""", """["a"]""")]
    public void An_array_comes_as_an_array_as_JSON_text_or_as_one_string(string json, string expected)
    {
        var (error, args) = Check(json);
        Assert.Null(error);
        Assert.Equal(expected, args["experts"].GetRawText());
    }

    [Fact]
    public void Numbers_and_objects_sent_as_text_are_read_and_null_means_not_given()
    {
        var (error, args) = Check("""{"task":"t","top":"3","report":"{\"taskId\":\"X\"}","experts":null}""");
        Assert.Null(error);
        Assert.Equal(JsonValueKind.Number, args["top"].ValueKind);
        Assert.Equal("X", args["report"].GetProperty("taskId").GetString());
        Assert.False(args.ContainsKey("experts"));
    }

    [Theory]
    [InlineData("""{"task":"t","top":"abc"}""", "(field: top)")]
    [InlineData("""{"task":"t","top":2.5}""", "(field: top)")]
    [InlineData("""{"task":"t","experts":[1]}""", "(field: experts)")]
    [InlineData("""{"task":"t","report":"not json"}""", "(field: report)")]
    [InlineData("""{"task":7}""", "(field: task)")]
    [InlineData("""{"top":1}""", "The argument 'task' is required. (field: task)")]
    [InlineData("""{"task":"t","tpo":1}""", "Unknown argument 'tpo' (expected: task, experts, top, report). (field: tpo)")]
    public void A_wrong_argument_is_refused_with_its_name(string json, string expected)
    {
        var (error, _) = Check(json);
        Assert.NotNull(error);
        Assert.EndsWith(expected, error, StringComparison.Ordinal);
    }
}
