using System.ComponentModel.DataAnnotations;

namespace BatchWorkers.Worker.Models;

/// <summary>Section <c>Models</c>: where models live and how they run.</summary>
public sealed class ModelOptions
{
    public const string Section = "Models";

    /// <summary>Folder holding <c>NAME/VERSION/</c> model folders. Required.</summary>
    [Required(ErrorMessage = "Models:StoreRoot is required: the folder that holds NAME/VERSION/model.onnx.")]
    public string StoreRoot { get; set; } = "";

    /// <summary><c>cpu</c> (the default) or <c>cuda</c>; <c>cuda</c> falls back to CPU with a warning when unavailable.</summary>
    [RegularExpression("^(cpu|cuda)$", ErrorMessage = "Models:ExecutionProvider must be 'cpu' or 'cuda'.")]
    public string ExecutionProvider { get; set; } = "cpu";

    /// <summary>GPU ordinal for <c>cuda</c>. Default 0.</summary>
    [Range(0, 64)]
    public int DeviceId { get; set; }

    /// <summary>How much a candidate's accuracy must beat production's for the gate to promote it. Default 0.01.</summary>
    [Range(0.0, 1.0)]
    public double PromotionMargin { get; set; } = 0.01;

    /// <summary>A session unused this long is unloaded (it reloads on next use). Default 15 minutes.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "7.00:00:00")]
    public TimeSpan SessionIdleTimeout { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>ONNX Runtime intra-op threads per session; 0 (the default) lets ONNX Runtime use every core.</summary>
    [Range(0, 256)]
    public int IntraOpThreads { get; set; }
}
