using System.Globalization;
using System.Net;
using System.Text;

namespace BatchWorkers.Seq2Seq.Attribution;

/// <summary>
/// Renders a <see cref="TokenAttributionReport"/> as self-contained HTML: the source with each unit's background
/// red (supports the output) or blue (works against it), deeper the larger its normalised score, its score in a
/// tooltip; then the output text. Inline styles only, no scripts; every text is HTML-escaped.
/// </summary>
public static class AttributionHtml
{
    private const double MaxAlpha = 0.85;

    /// <summary>A whole page (<c>&lt;!DOCTYPE html&gt;</c>) around <see cref="RenderFragment"/>.</summary>
    public static string Render(TokenAttributionReport report, string title = "Source attribution")
    {
        ArgumentNullException.ThrowIfNull(title);
        return $"""
            <!DOCTYPE html>
            <html lang="en">
            <head><meta charset="utf-8"><title>{Escape(title)}</title></head>
            <body style="font-family: system-ui, sans-serif; max-width: 60em; margin: 2em auto; line-height: 1.6;">
            <h1 style="font-size: 1.3em;">{Escape(title)}</h1>
            {RenderFragment(report)}
            </body>
            </html>

            """;
    }

    /// <summary>A <c>&lt;section&gt;</c> to embed in a page: summary line, highlighted source, output.</summary>
    public static string RenderFragment(TokenAttributionReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var html = new StringBuilder();
        html.Append("<section class=\"attribution\">\n");
        string granularity = report.Granularity.ToString().ToLowerInvariant();
        html.Append(CultureInfo.InvariantCulture,
            $"<p style=\"color: #555; font-size: 0.9em;\">Masked by {granularity}; {report.Evaluations} of at most {report.MaxEvaluations} evaluations; log p(output | source) = {report.BaseLogProbability:0.###}. Red: the output is less likely without it; blue: more likely.</p>\n");
        if (report.DroppedSourceTokens > 0)
        {
            html.Append(CultureInfo.InvariantCulture,
                $"<p style=\"color: #555; font-size: 0.9em;\">{report.DroppedSourceTokens} tokens past the model's input limit were not read.</p>\n");
        }

        html.Append("<div style=\"white-space: pre-wrap; font-family: ui-monospace, monospace; border: 1px solid #ddd; padding: 0.75em;\">");
        int i = 0;
        while (i < report.Tokens.Count)
        {
            AttributedToken token = report.Tokens[i];
            if (token.Unit < 0)
            {
                html.Append($"<span style=\"color: #999;\" title=\"not masked\">{Escape(token.Text)}</span>");
                i++;
                continue;
            }

            // A unit's tokens share one highlight (a sentence or span reads as one block).
            int next = i;
            var text = new StringBuilder();
            while (next < report.Tokens.Count && report.Tokens[next].Unit == token.Unit)
            {
                text.Append(report.Tokens[next].Text);
                next++;
            }

            html.Append(CultureInfo.InvariantCulture,
                $"<span style=\"background-color: {Colour(token.NormalizedScore)};\" title=\"{Escape(Tooltip(token))}\">{Escape(text.ToString())}</span>");
            i = next;
        }

        html.Append("</div>\n");
        html.Append("<p style=\"margin-bottom: 0.25em;\"><strong>Output</strong></p>\n");
        html.Append($"<div style=\"white-space: pre-wrap; border: 1px solid #ddd; padding: 0.75em;\">{Escape(report.OutputText)}</div>\n");
        html.Append("</section>\n");
        return html.ToString();
    }

    /// <summary>Red for positive, blue for negative; opacity grows with |normalised score|.</summary>
    internal static string Colour(double normalizedScore)
    {
        double alpha = double.IsFinite(normalizedScore) ? Math.Round(Math.Min(1, Math.Abs(normalizedScore)) * MaxAlpha, 3) : 0;
        return normalizedScore >= 0
            ? string.Create(CultureInfo.InvariantCulture, $"rgba(220, 38, 38, {alpha})")
            : string.Create(CultureInfo.InvariantCulture, $"rgba(37, 99, 235, {alpha})");
    }

    private static string Tooltip(AttributedToken token) =>
        string.Create(CultureInfo.InvariantCulture, $"score {token.Score:+0.000;-0.000;0} (normalised {token.NormalizedScore:+0.00;-0.00;0})");

    private static string Escape(string text) => WebUtility.HtmlEncode(text);
}
