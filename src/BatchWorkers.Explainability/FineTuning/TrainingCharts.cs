using System.Globalization;
using BatchWorkers.Explainability.Rendering;
using SkiaSharp;

namespace BatchWorkers.Explainability.FineTuning;

/// <summary>
/// PNG charts of a training run, drawn with SkiaSharp: loss and accuracy curves per epoch (train and held-out, the
/// best epoch marked), and the confusion matrix with class labels, counts and row shares.
/// </summary>
public static class TrainingCharts
{
    /// <summary>Curves chart width in pixels.</summary>
    public const int CurvesWidth = 1000;

    /// <summary>Curves chart height in pixels.</summary>
    public const int CurvesHeight = 420;

    private static readonly SKColor Ink = new(34, 34, 34);
    private static readonly SKColor Muted = new(110, 110, 110);
    private static readonly SKColor GridLine = new(228, 228, 228);
    private static readonly SKColor TrainColour = new(31, 119, 180);
    private static readonly SKColor HeldOutColour = new(255, 127, 14);

    /// <summary>Every chart the run has data for, and the per-class metrics.</summary>
    /// <exception cref="ArgumentException">The confusion matrix does not fit the classes.</exception>
    public static TrainingChartsReport Build(TrainingRun run, string? title = null)
    {
        ArgumentNullException.ThrowIfNull(run);
        var curves = run.Epochs.Count == 0 ? null : RenderCurves(run.Epochs, run.BestEpoch, title);
        if (run.ConfusionMatrix.Count == 0)
        {
            return new TrainingChartsReport(curves, null, null, run);
        }

        var metrics = ConfusionMetrics.From(run.Classes, run.ConfusionMatrix);
        return new TrainingChartsReport(curves, RenderConfusionMatrix(run.Classes, run.ConfusionMatrix), metrics, run);
    }

    /// <summary>
    /// Two panels, <see cref="CurvesWidth"/> × <see cref="CurvesHeight"/>: loss (from 0) and accuracy (as a percentage),
    /// each with train and held-out lines, ticks, gridlines and a legend; a dashed line marks <paramref name="bestEpoch"/>.
    /// Values that are not finite leave a gap.
    /// </summary>
    /// <exception cref="ArgumentException">No epochs.</exception>
    public static byte[] RenderCurves(IReadOnlyList<EpochPoint> epochs, int? bestEpoch = null, string? title = null)
    {
        ArgumentNullException.ThrowIfNull(epochs);
        if (epochs.Count == 0)
        {
            throw new ArgumentException("There are no epochs to draw.", nameof(epochs));
        }

        using var bitmap = new SKBitmap(new SKImageInfo(CurvesWidth, CurvesHeight, SKColorType.Rgba8888, SKAlphaType.Premul));
        using var canvas = new SKCanvas(bitmap);
        canvas.Clear(SKColors.White);
        using (var titleFont = ChartText.Font(18))
        {
            ChartText.Draw(canvas, title ?? $"Training curves ({epochs.Count} epochs)", CurvesWidth / 2f, 28, SKTextAlign.Center, titleFont, Ink);
        }

        var losses = epochs.SelectMany(e => new[] { e.TrainLoss, e.HeldOutLoss }).Where(double.IsFinite).DefaultIfEmpty(1).ToList();
        var accuracies = epochs.SelectMany(e => new[] { e.TrainAccuracy, e.HeldOutAccuracy }).Where(double.IsFinite).DefaultIfEmpty(0).ToList();
        var loss = ChartText.NiceRange(0, Math.Max(losses.Max(), 1e-3), 6);
        var accuracy = ChartText.NiceRange(Math.Clamp(accuracies.Min(), 0, 1), 1, 6);
        accuracy = (Math.Max(0, accuracy.Low), Math.Min(1, accuracy.High), accuracy.Step);
        Panel(canvas, new SKRect(70, 60, 480, 360), "Loss", "loss", epochs, bestEpoch, loss, percent: false,
            [("train", TrainColour, e => e.TrainLoss), ("held-out", HeldOutColour, e => e.HeldOutLoss)]);
        Panel(canvas, new SKRect(570, 60, 980, 360), "Accuracy", "accuracy", epochs, bestEpoch, accuracy, percent: true,
            [("train", TrainColour, e => e.TrainAccuracy), ("held-out", HeldOutColour, e => e.HeldOutAccuracy)]);
        canvas.Flush();
        return ImageDecoding.EncodePng(bitmap);
    }

    /// <summary>
    /// The matrix as coloured cells (row = true class, column = predicted class), each cell's colour its share of the
    /// row, with the count written in when the cells are large enough, class labels on both axes and a colour bar.
    /// The size grows with the number of classes: cells of 12 to 64 pixels.
    /// </summary>
    /// <exception cref="ArgumentException">The matrix is not square with one row per label, or holds a negative count.</exception>
    public static byte[] RenderConfusionMatrix(
        IReadOnlyList<string> labels, IReadOnlyList<IReadOnlyList<int>> matrix, string? title = null)
    {
        ConfusionMetrics.Validate(labels, matrix);
        var n = Math.Max(1, labels.Count);
        var cell = Math.Clamp((int)Math.Round(480.0 / n), 12, 64);
        using var labelFont = ChartText.Font(Math.Min(13f, cell * 0.8f));
        using var countFont = ChartText.Font(Math.Clamp(cell * 0.3f, 8f, 16f));
        using var titleFont = ChartText.Font(18);
        using var axisFont = ChartText.Font(13);
        var labelWidth = Math.Min(160f, labels.Select(label => labelFont.MeasureText(label)).DefaultIfEmpty(0).Max()) + 8;
        var (left, top) = (34 + labelWidth, 50f);
        var width = (int)Math.Max(380, left + (n * cell) + 80);
        var height = (int)(top + (n * cell) + labelWidth + 40);
        using var bitmap = new SKBitmap(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Premul));
        using var canvas = new SKCanvas(bitmap);
        canvas.Clear(SKColors.White);
        ChartText.Draw(canvas, title ?? "Confusion matrix (held-out)", width / 2f, 30, SKTextAlign.Center, titleFont, Ink);

        using var fill = new SKPaint { IsAntialias = false };
        for (var r = 0; r < labels.Count; r++)
        {
            var rowTotal = matrix[r].Sum();
            for (var c = 0; c < labels.Count; c++)
            {
                var share = rowTotal == 0 ? 0 : (double)matrix[r][c] / rowTotal;
                var (red, green, blue) = ColormapTable.Map(Colormap.Viridis, share);
                fill.Color = new SKColor(red, green, blue);
                var rect = SKRect.Create(left + (c * cell), top + (r * cell), cell, cell);
                canvas.DrawRect(rect, fill);
                var count = matrix[r][c].ToString(CultureInfo.InvariantCulture);
                if (cell >= 18 && countFont.MeasureText(count) < cell - 2)
                {
                    ChartText.Draw(canvas, count, rect.MidX, rect.MidY + (countFont.Size * 0.35f), SKTextAlign.Center, countFont,
                        share < 0.55 ? SKColors.White : Ink);
                }
            }

            ChartText.Draw(canvas, ChartText.Fit(labels[r], labelFont, labelWidth - 8), left - 6, top + ((r + 0.5f) * cell) + (labelFont.Size * 0.35f),
                SKTextAlign.Right, labelFont, Ink);
            ChartText.DrawVertical(canvas, ChartText.Fit(labels[r], labelFont, labelWidth - 8), left + ((r + 0.5f) * cell) + (labelFont.Size * 0.35f),
                top + (n * cell) + 6, SKTextAlign.Right, labelFont, Ink);
        }

        using (var frame = new SKPaint { Color = Muted, Style = SKPaintStyle.Stroke, StrokeWidth = 1 })
        {
            canvas.DrawRect(SKRect.Create(left, top, n * cell, n * cell), frame);
        }

        ChartText.Draw(canvas, "predicted class", left + (n * cell / 2f), height - 12, SKTextAlign.Center, axisFont, Muted);
        ChartText.DrawVertical(canvas, "true class", 18, top + (n * cell / 2f), SKTextAlign.Center, axisFont, Muted);
        ColourBar(canvas, new SKRect(left + (n * cell) + 16, top, left + (n * cell) + 30, top + (n * cell)), axisFont);
        canvas.Flush();
        return ImageDecoding.EncodePng(bitmap);
    }

    private static void Panel(
        SKCanvas canvas,
        SKRect plot,
        string name,
        string axisName,
        IReadOnlyList<EpochPoint> epochs,
        int? bestEpoch,
        (double Low, double High, double Step) y,
        bool percent,
        (string Name, SKColor Colour, Func<EpochPoint, double> Value)[] series)
    {
        using var tickFont = ChartText.Font(12);
        using var nameFont = ChartText.Font(15);
        using var grid = new SKPaint { Color = GridLine, StrokeWidth = 1 };
        using var axis = new SKPaint { Color = Muted, StrokeWidth = 1.2f, IsAntialias = true };
        var (first, last) = (epochs.Min(e => e.Epoch), epochs.Max(e => e.Epoch));
        var (xLow, xHigh) = first == last ? (first - 1.0, last + 1.0) : (first, last);
        float X(double epoch) => (float)(plot.Left + ((epoch - xLow) / (xHigh - xLow) * plot.Width));
        float Y(double value) => (float)(plot.Bottom - ((value - y.Low) / (y.High - y.Low) * plot.Height));

        ChartText.Draw(canvas, name, plot.Left, plot.Top - 12, SKTextAlign.Left, nameFont, Ink);
        for (var tick = y.Low; tick <= y.High + (y.Step / 1e6); tick += y.Step)
        {
            canvas.DrawLine(plot.Left, Y(tick), plot.Right, Y(tick), grid);
            var label = percent ? ChartText.Number(tick * 100, y.Step * 100) + "%" : ChartText.Number(tick, y.Step);
            ChartText.Draw(canvas, label, plot.Left - 6, Y(tick) + 4, SKTextAlign.Right, tickFont, Muted);
        }

        var xStep = Math.Max(1, ChartText.NiceRange(xLow, xHigh, 8).Step);
        for (var tick = Math.Ceiling(xLow / xStep) * xStep; tick <= xHigh + 1e-9; tick += xStep)
        {
            canvas.DrawLine(X(tick), plot.Bottom, X(tick), plot.Bottom + 4, axis);
            ChartText.Draw(canvas, ChartText.Number(tick, 1), X(tick), plot.Bottom + 18, SKTextAlign.Center, tickFont, Muted);
        }

        canvas.DrawLine(plot.Left, plot.Top, plot.Left, plot.Bottom, axis);
        canvas.DrawLine(plot.Left, plot.Bottom, plot.Right, plot.Bottom, axis);
        ChartText.Draw(canvas, "epoch", plot.MidX, plot.Bottom + 38, SKTextAlign.Center, tickFont, Muted);
        ChartText.DrawVertical(canvas, axisName, plot.Left - 50, plot.MidY, SKTextAlign.Center, tickFont, Muted);

        // What the legend must not cover: the lines and the best-epoch marker.
        var obstacles = new List<SKRect>();
        if (bestEpoch is { } best && best >= xLow && best <= xHigh)
        {
            using var dashed = new SKPaint
            {
                Color = Muted, StrokeWidth = 1.2f, IsAntialias = true, PathEffect = SKPathEffect.CreateDash([5, 4], 0),
            };
            canvas.DrawLine(X(best), plot.Top, X(best), plot.Bottom, dashed);
            ChartText.Draw(canvas, $"best: {best}", X(best), plot.Top - 6, SKTextAlign.Center, tickFont, Muted);
            obstacles.Add(new SKRect(X(best) - 1, plot.Top, X(best) + 1, plot.Bottom));
        }

        canvas.Save();
        canvas.ClipRect(new SKRect(plot.Left - 4, plot.Top - 4, plot.Right + 4, plot.Bottom + 4));
        foreach (var (_, colour, value) in series)
        {
            using var line = new SKPaint { Color = colour, StrokeWidth = 2.2f, IsAntialias = true, Style = SKPaintStyle.Stroke };
            using var dot = new SKPaint { Color = colour, IsAntialias = true };
            using var builder = new SKPathBuilder();
            var pen = false;
            var previous = SKPoint.Empty;
            foreach (var epoch in epochs.OrderBy(e => e.Epoch))
            {
                var v = value(epoch);
                if (!double.IsFinite(v))
                {
                    pen = false;
                    continue;
                }

                var point = new SKPoint(X(epoch.Epoch), Y(v));
                obstacles.Add(new SKRect(point.X - 3, point.Y - 3, point.X + 3, point.Y + 3));
                if (pen)
                {
                    builder.LineTo(point);
                    for (var k = 1; k < 4; k++)
                    {
                        var between = previous + new SKPoint((point.X - previous.X) * k / 4, (point.Y - previous.Y) * k / 4);
                        obstacles.Add(new SKRect(between.X - 2, between.Y - 2, between.X + 2, between.Y + 2));
                    }
                }
                else
                {
                    builder.MoveTo(point);
                }

                (pen, previous) = (true, point);
                if (epochs.Count <= 40)
                {
                    canvas.DrawCircle(point, 3, dot);
                }
            }

            using var path = builder.Detach();
            canvas.DrawPath(path, line);
        }

        canvas.Restore();
        var size = new SKSize(102, 10 + (series.Length * 18));
        SKPoint[] corners =
        [
            new(plot.Right - size.Width - 8, plot.Top + 8), new(plot.Right - size.Width - 8, plot.Bottom - size.Height - 8),
            new(plot.Left + 8, plot.Top + 8), new(plot.Left + 8, plot.Bottom - size.Height - 8),
            new(plot.MidX - (size.Width / 2), plot.Top + 8), new(plot.MidX - (size.Width / 2), plot.Bottom - size.Height - 8),
        ];
        var corner = corners.MinBy(c => obstacles.Count(o => SKRect.Create(c, size).IntersectsWith(o)));
        Legend(canvas, corner, size, series.Select(s => (s.Name, s.Colour)).ToList(), tickFont);
    }

    private static void Legend(SKCanvas canvas, SKPoint origin, SKSize size, IReadOnlyList<(string Name, SKColor Colour)> entries, SKFont font)
    {
        using var back = new SKPaint { Color = new SKColor(255, 255, 255, 220) };
        using var border = new SKPaint { Color = GridLine, Style = SKPaintStyle.Stroke, StrokeWidth = 1 };
        var box = SKRect.Create(origin, size);
        canvas.DrawRect(box, back);
        canvas.DrawRect(box, border);
        for (var i = 0; i < entries.Count; i++)
        {
            var y = origin.Y + 14 + (i * 18);
            using var line = new SKPaint { Color = entries[i].Colour, StrokeWidth = 2.5f, IsAntialias = true };
            canvas.DrawLine(origin.X + 8, y, origin.X + 30, y, line);
            ChartText.Draw(canvas, entries[i].Name, origin.X + 36, y + 4, SKTextAlign.Left, font, Ink);
        }
    }

    private static void ColourBar(SKCanvas canvas, SKRect bar, SKFont font)
    {
        using var fill = new SKPaint();
        var steps = (int)Math.Max(2, bar.Height);
        for (var i = 0; i < steps; i++)
        {
            var (r, g, b) = ColormapTable.Map(Colormap.Viridis, 1 - ((double)i / (steps - 1)));
            fill.Color = new SKColor(r, g, b);
            canvas.DrawRect(SKRect.Create(bar.Left, bar.Top + (i * bar.Height / steps), bar.Width, (bar.Height / steps) + 1), fill);
        }

        ChartText.Draw(canvas, "100%", bar.Right + 4, bar.Top + 10, SKTextAlign.Left, font, Muted);
        ChartText.Draw(canvas, "0%", bar.Right + 4, bar.Bottom, SKTextAlign.Left, font, Muted);
        ChartText.DrawVertical(canvas, "share of row", bar.Right + 28, bar.MidY, SKTextAlign.Center, font, Muted);
    }
}
