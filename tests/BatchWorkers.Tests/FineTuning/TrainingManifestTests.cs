using BatchWorkers.Worker.FineTuning.Datasets;

namespace BatchWorkers.Tests.FineTuning;

public sealed class TrainingManifestTests
{
    [Fact]
    public void Parse_CsvWithQuotedFields_RowsWithLineNumbers()
    {
        var rows = TrainingManifest.Parse("label,image\ncircle,file:///data/a.png\n\"square\",\"https://example.com/b,c.png\"\n", "train.csv");

        Assert.Equal([new ManifestRow(2, "file:///data/a.png", "circle"), new ManifestRow(3, "https://example.com/b,c.png", "square")], rows);
    }

    [Fact]
    public void Parse_JsonLines_SkipsBlankLines()
    {
        var rows = TrainingManifest.Parse("{\"image\":\"data:image/png;base64,AAAA\",\"label\":\"circle\"}\n\n{\"image\":\"file:///x.png\",\"label\":\"square\"}\n", "train.jsonl");

        Assert.Equal(["circle", "square"], rows.Select(r => r.Label));
        Assert.Equal(3, rows[1].Line);
    }

    [Theory]
    [InlineData("picture,tag\na,b\n", "needs a header line with 'image' and 'label'")]
    [InlineData("image,label\nfile:///a.png,\n", "Line 2: the label is missing")]
    [InlineData("image,label\n/etc/passwd,circle\n", "is not a data:, file:// or http(s)://")]
    [InlineData("{\"image\": 3, \"label\": \"x\"}\n", "Line 1: the image is missing")]
    [InlineData("{\"image\": \"file:///a.png\", \n", "Line 1: not valid JSON")]
    [InlineData("image,label\n", "has no rows")]
    public void Parse_BadManifest_ErrorSaysWhereAndWhat(string content, string expected)
    {
        var error = Assert.Throws<ManifestException>(() => TrainingManifest.Parse(content, null));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_OneClassOnly_Refused()
    {
        var rows = TrainingManifest.Parse("image,label\nfile:///a.png,circle\nfile:///b.png,circle\n", "m.csv");

        var error = Assert.Throws<ManifestException>(() => TrainingManifest.Validate(rows, null));

        Assert.Contains("only one class", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_LabelTheModelDoesNotHave_RefusedWithTheLine()
    {
        var rows = TrainingManifest.Parse("image,label\nfile:///a.png,circle\nfile:///b.png,hexagon\n", "m.csv");

        var error = Assert.Throws<ManifestException>(() => TrainingManifest.Validate(rows, ["circle", "square"]));

        Assert.Contains("Line 3: label 'hexagon'", error.Message, StringComparison.Ordinal);
    }
}
