namespace BatchWorkers.Privacy.Detection;

/// <summary>One kind of personal data: adds every validated match in a text, overlaps with other detectors allowed.</summary>
internal interface IPiiDetector
{
    void Find(string text, List<PiiMatch> matches);
}
