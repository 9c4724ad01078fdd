using System.Text;
using KnowledgeOs.Import;

namespace KnowledgeOs.Tests.Import;

public class TextDecoderTests
{
    private const string Russian = "# 📚 БАЗА ЗНАНИЙ: Светлана (QA Engineer)\n\n- Контрактные тесты на Pact\n- Ёжик в тумане и съёмка\n";
    private const string PlainRussian = "# БАЗА ЗНАНИЙ: Светлана (QA Engineer)\n\n- Контрактные тесты на Pact\n- Ёжик в тумане, съёмка и объём\n";

    static TextDecoderTests() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    [Fact]
    public void Utf8_with_and_without_a_byte_order_mark_reads_the_same_text()
    {
        var plain = TextDecoder.Decode(Encoding.UTF8.GetBytes(Russian));
        var bom = TextDecoder.Decode([.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(Russian)]);
        Assert.Equal(Russian, plain.Text);
        Assert.Equal(Russian, bom.Text);
        Assert.Equal("UTF-8", plain.Encoding);
        Assert.Equal("UTF-8 with BOM", bom.Encoding);
        Assert.Null(plain.Repair);
    }

    [Theory]
    [InlineData(false, true)]
    [InlineData(true, true)]
    [InlineData(false, false)]
    [InlineData(true, false)]
    public void Utf16_little_and_big_endian_are_read_with_or_without_a_byte_order_mark(bool bigEndian, bool bom)
    {
        var encoding = new UnicodeEncoding(bigEndian, bom);
        byte[] bytes = [.. encoding.GetPreamble(), .. encoding.GetBytes(Russian)];
        var decoded = TextDecoder.Decode(bytes);
        Assert.Equal(Russian, decoded.Text);
        Assert.Equal(bigEndian ? "UTF-16 BE" : "UTF-16 LE", decoded.Encoding);
    }

    [Theory]
    [InlineData(1251, "Windows-1251")]
    [InlineData(20866, "KOI8-R")]
    public void Windows_1251_and_KOI8_R_are_told_apart(int codePage, string name)
    {
        var decoded = TextDecoder.Decode(Encoding.GetEncoding(codePage).GetBytes(PlainRussian));
        Assert.Equal(name, decoded.Encoding);
        Assert.Equal(PlainRussian, decoded.Text);
    }

    [Fact]
    public void Utf8_read_as_Mac_Roman_and_saved_again_is_repaired_and_reported()
    {
        var garbled = Garble(Russian, MacRoman);
        Assert.Contains("–ë–ê–ó–ê", garbled); // what the seed file looks like
        var decoded = TextDecoder.Decode(Encoding.UTF8.GetBytes(garbled));
        Assert.Equal(Russian, decoded.Text);
        Assert.Contains("Mac Roman", decoded.Repair);
    }

    [Fact]
    public void Utf8_read_as_Windows_1252_and_saved_again_is_repaired_and_reported()
    {
        var garbled = Garble(Russian, b => Encoding.GetEncoding(1252).GetString([b]));
        var decoded = TextDecoder.Decode(Encoding.UTF8.GetBytes(garbled));
        Assert.Equal(Russian, decoded.Text);
        Assert.Contains("Windows-1252", decoded.Repair);
    }

    [Fact]
    public void Text_garbled_twice_is_repaired_twice()
    {
        var twice = Garble(Garble(Russian, MacRoman), MacRoman);
        Assert.Equal(Russian, TextDecoder.Decode(Encoding.UTF8.GetBytes(twice)).Text);
    }

    [Fact]
    public void Honest_accented_Latin_text_is_left_alone()
    {
        const string text = "# Notes: Zoë (Café owner)\n\n- Crème brûlée, naïve déjà vu — ½ price\n- Ã la carte\n";
        var decoded = TextDecoder.Decode(Encoding.UTF8.GetBytes(text));
        Assert.Equal(text, decoded.Text);
        Assert.Null(decoded.Repair);
    }

    [Fact]
    public void An_empty_file_is_refused()
    {
        var ex = Assert.Throws<InputException>(() => TextDecoder.Decode([]));
        Assert.Contains("empty", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Random_bytes_are_refused_as_a_binary_file()
    {
        var bytes = new byte[64 * 1024];
        new Random(42).NextBytes(bytes);
        var ex = Assert.Throws<InputException>(() => TextDecoder.Decode(bytes));
        Assert.Contains("binary", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Invalid_utf8_in_the_middle_is_refused_with_its_line()
    {
        var lines = Enumerable.Range(1, 40).Select(i => $"- Пункт номер {i}").ToList();
        var before = Encoding.UTF8.GetBytes(string.Join('\n', lines.Take(20)) + "\n- сломано ");
        var after = Encoding.UTF8.GetBytes(" здесь\n" + string.Join('\n', lines.Skip(20)));
        byte[] bytes = [.. before, 0xC3, 0x28, 0xFF, .. after];
        var ex = Assert.Throws<InputException>(() => TextDecoder.Decode(bytes));
        Assert.Contains("Invalid UTF-8 at line 21", ex.Message, StringComparison.Ordinal);
    }

    /// <summary>What an editor does when it opens UTF-8 as a single-byte encoding and saves it as UTF-8 again.</summary>
    private static string Garble(string text, Func<byte, string> readAs) =>
        string.Concat(Encoding.UTF8.GetBytes(text).Select(b => b < 0x80 ? ((char)b).ToString() : readAs(b)));

    /// <summary>Mac Roman, written out from Apple's table (.NET has no Mac Roman code page), kept apart from the importer's own copy.</summary>
    private static string MacRoman(byte b) => MacRomanTable[b - 0x80].ToString();

    private const string MacRomanTable =
        "\u00C4\u00C5\u00C7\u00C9\u00D1\u00D6\u00DC\u00E1\u00E0\u00E2\u00E4\u00E3\u00E5\u00E7\u00E9\u00E8\u00EA\u00EB\u00ED\u00EC\u00EE\u00EF\u00F1\u00F3\u00F2\u00F4\u00F6\u00F5\u00FA\u00F9\u00FB\u00FC\u2020\u00B0\u00A2\u00A3\u00A7\u2022\u00B6\u00DF\u00AE\u00A9\u2122\u00B4\u00A8\u2260\u00C6\u00D8\u221E\u00B1\u2264\u2265\u00A5\u00B5\u2202\u2211\u220F\u03C0\u222B\u00AA\u00BA\u03A9\u00E6\u00F8\u00BF\u00A1\u00AC\u221A\u0192\u2248\u2206\u00AB\u00BB\u2026\u00A0\u00C0\u00C3\u00D5\u0152\u0153\u2013\u2014\u201C\u201D\u2018\u2019\u00F7\u25CA\u00FF\u0178\u2044\u20AC\u2039\u203A\uFB01\uFB02\u2021\u00B7\u201A\u201E\u2030\u00C2\u00CA\u00C1\u00CB\u00C8\u00CD\u00CE\u00CF\u00CC\u00D3\u00D4\uF8FF\u00D2\u00DA\u00DB\u00D9\u0131\u02C6\u02DC\u00AF\u02D8\u02D9\u02DA\u00B8\u02DD\u02DB\u02C7";
}
