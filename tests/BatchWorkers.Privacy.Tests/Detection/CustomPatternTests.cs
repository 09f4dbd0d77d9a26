namespace BatchWorkers.Privacy.Tests.Detection;

public sealed class CustomPatternTests
{
    [Fact]
    public void Redact_CustomPattern_WritesItsUpperCasedName()
    {
        var redactor = new Redactor(new RedactorOptions { CustomPatterns = [new CustomPattern("employee_id", @"\bEMP-\d{6}\b")] });

        RedactionResult result = redactor.Redact("EMP-123456 and EMP-654321 asked.");

        Assert.Equal("[EMPLOYEE_ID] and [EMPLOYEE_ID] asked.", result.Text);
        Assert.Equal(2, result.Counts["EMPLOYEE_ID"]);
        Assert.Contains("EMPLOYEE_ID", redactor.PlaceholderNames);
    }

    [Fact]
    public void New_PatternDoesNotCompile_ThrowsNamingThePattern()
    {
        var ex = Assert.Throws<ArgumentException>(() =>
            new Redactor(new RedactorOptions { CustomPatterns = [new CustomPattern("BROKEN", "EMP-(\\d+")] }));

        Assert.Contains("'BROKEN' is not a valid regular expression", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("1ST")]
    [InlineData("HAS SPACE")]
    [InlineData("BRACKET]")]
    [InlineData("NEWLINE\n")]
    public void New_InvalidName_Throws(string name)
    {
        var ex = Assert.Throws<ArgumentException>(() =>
            new Redactor(new RedactorOptions { CustomPatterns = [new CustomPattern(name, "x")] }));

        Assert.Contains("is not valid", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("email")]
    [InlineData("IP")]
    public void New_BuiltInName_Throws(string name) =>
        Assert.Throws<ArgumentException>(() => new Redactor(new RedactorOptions { CustomPatterns = [new CustomPattern(name, "x")] }));

    [Fact]
    public void New_SameNameTwice_Throws() =>
        Assert.Throws<ArgumentException>(() => new Redactor(new RedactorOptions
        {
            CustomPatterns = [new CustomPattern("ID", "a"), new CustomPattern("id", "b")],
        }));

    [Fact]
    public void Redact_CatastrophicBacktracking_FailsWithAClearErrorInsteadOfHanging()
    {
        // Nested quantifiers on a text that almost matches: exponential for a backtracking engine.
        var redactor = new Redactor(new RedactorOptions
        {
            CustomPatterns = [new CustomPattern("EVIL", "(x+x+)+y")],
            CustomPatternTimeout = TimeSpan.FromMilliseconds(50),
        });

        var ex = Assert.Throws<RedactionException>(() => redactor.Redact(new string('x', 5000)));

        Assert.Contains("'EVIL' ran longer than 50 ms", ex.Message, StringComparison.Ordinal);
        Assert.Contains("not redacted", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Redact_PatternMatchingEmptyText_IsIgnored()
    {
        var redactor = new Redactor(new RedactorOptions { CustomPatterns = [new CustomPattern("OPTIONAL", "x*")] });

        Assert.Equal("abc", redactor.Redact("abc").Text);
    }
}
