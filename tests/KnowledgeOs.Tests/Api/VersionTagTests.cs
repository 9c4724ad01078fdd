using KnowledgeOs.Server.Http;
using Microsoft.AspNetCore.Http;

namespace KnowledgeOs.Tests.Api;

/// <summary>The ETags of versions and of views: a view names the projection generation once a rebuild moved it, and If-Match takes either.</summary>
public sealed class VersionTagTests
{
    private static HttpRequest Request(string header, string value)
    {
        var context = new DefaultHttpContext();
        context.Request.Headers[header] = value;
        return context.Request;
    }

    [Fact]
    public void A_view_is_tagged_by_its_version_alone_until_a_rebuild_moves_the_generation()
    {
        Assert.Equal("\"12\"", Versions.ViewETag(12, 0));
        Assert.Equal("\"12-g3\"", Versions.ViewETag(12, 3));
        Assert.True(Versions.NotModified(Request("If-None-Match", "\"12-g3\""), Versions.ViewETag(12, 3)));
        Assert.False(Versions.NotModified(Request("If-None-Match", "\"12-g2\", \"12\""), Versions.ViewETag(12, 3)));
    }

    [Theory]
    [InlineData("\"12\"", 12)]
    [InlineData("\"12-g3\"", 12)]
    [InlineData("W/\"7-g1\"", 7)]
    public void If_Match_takes_a_version_tag_or_a_view_tag_and_checks_the_version(string header, long version) =>
        Assert.Equal(version, Versions.IfMatch(Request("If-Match", header)));

    [Theory]
    [InlineData("\"12-gx\"")]
    [InlineData("\"12-g\"")]
    [InlineData("\"-g3\"")]
    public void If_Match_with_something_else_is_refused_naming_the_header(string header)
    {
        var error = Assert.Throws<InputException>(() => Versions.IfMatch(Request("If-Match", header)));
        Assert.Equal("If-Match", error.Field);
    }
}
