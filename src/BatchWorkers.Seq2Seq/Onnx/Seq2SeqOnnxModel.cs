using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace BatchWorkers.Seq2Seq.Onnx;

/// <summary>
/// The ONNX Runtime sessions of one Hugging Face seq2seq export (Marian, BART, T5 from Optimum or
/// transformers.js): <c>encoder_model.onnx</c> plus either <c>decoder_model_merged.onnx</c> or
/// <c>decoder_model.onnx</c> (+ <c>decoder_with_past_model.onnx</c>). Tensor names are read from each session's
/// metadata, not assumed. Load once and share: <see cref="StartDecoding"/> may be called from many threads, each
/// call getting a session object of its own for one batch.
/// </summary>
public sealed class Seq2SeqOnnxModel : IDisposable
{
    private const string EncoderFileName = "encoder_model";
    private const string DecoderFileName = "decoder_model";
    private const string DecoderWithPastFileName = "decoder_with_past_model";
    private const string MergedDecoderFileName = "decoder_model_merged";

    private readonly InferenceSession _encoder;
    private readonly bool _encoderTakesMask;
    private readonly string _encoderOutput;

    private Seq2SeqOnnxModel(
        string onnxDirectory, InferenceSession encoder, DecoderSignature decoder, DecoderSignature? decoderWithPast, DecoderLayout layout)
    {
        OnnxDirectory = onnxDirectory;
        _encoder = encoder;
        _encoderTakesMask = encoder.InputMetadata.ContainsKey(Seq2SeqTensorNames.AttentionMask);
        _encoderOutput = ReadEncoderSignature(encoder, Path.Combine(onnxDirectory, EncoderFileName));
        Decoder = decoder;
        DecoderWithPast = decoderWithPast;
        Layout = layout;
        SupportsCache = layout switch
        {
            DecoderLayout.Merged => decoder.TakesUseCacheBranch && decoder.TakesPast
                && decoder.GivesDecoderPresents && decoder.GivesEncoderPresents,
            DecoderLayout.Split => decoderWithPast is not null && decoder.GivesDecoderPresents && decoder.GivesEncoderPresents
                && decoderWithPast.TakesPast && decoderWithPast.GivesDecoderPresents && decoderWithPast.Layers == decoder.Layers,
            _ => false,
        };
    }

    /// <summary>The folder the .onnx files were loaded from (the model folder or its <c>onnx/</c> subfolder).</summary>
    public string OnnxDirectory { get; }

    /// <summary>The decoder files in use (never <see cref="DecoderLayout.Auto"/>).</summary>
    public DecoderLayout Layout { get; }

    /// <summary>Whether the decoder files allow <see cref="DecoderCacheMode.Cached"/> decoding.</summary>
    public bool SupportsCache { get; }

    /// <summary>Decoder layers, as counted from the past/present tensors (0 for an export without cache).</summary>
    public int DecoderLayers => Decoder.Layers;

    /// <summary>The decoder without past, or the merged decoder.</summary>
    internal DecoderSignature Decoder { get; }

    /// <summary>The split layout's decoder with past; null otherwise.</summary>
    internal DecoderSignature? DecoderWithPast { get; }

    /// <summary>
    /// Opens the encoder and decoder sessions of a model folder. The .onnx files may lie in the folder itself or
    /// in its <c>onnx/</c> subfolder (transformers.js exports).
    /// </summary>
    /// <exception cref="DirectoryNotFoundException">The folder does not exist.</exception>
    /// <exception cref="FileNotFoundException">The encoder or the decoder files of the requested layout are missing.</exception>
    /// <exception cref="NotSupportedException">A file declares inputs the runner cannot feed or element types it
    /// does not handle (float16).</exception>
    public static Seq2SeqOnnxModel Load(string modelDirectory, Seq2SeqOnnxOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(modelDirectory);
        options ??= new Seq2SeqOnnxOptions();
        if (!Directory.Exists(modelDirectory))
        {
            throw new DirectoryNotFoundException($"The model folder '{modelDirectory}' does not exist.");
        }

        string FileName(string name) => name + options.FileSuffix + ".onnx";
        Func<string, bool> exists = options.FileSource is { } source ? source.Exists : File.Exists;
        string directory = exists(Path.Combine(modelDirectory, FileName(EncoderFileName)))
            ? modelDirectory
            : Path.Combine(modelDirectory, "onnx");
        string PathOf(string name) => Path.Combine(directory, FileName(name));
        bool Has(string name) => exists(PathOf(name));
        if (!Has(EncoderFileName))
        {
            throw new FileNotFoundException(
                $"'{modelDirectory}' has no {FileName(EncoderFileName)} (looked in the folder and its onnx/ subfolder).",
                Path.Combine(modelDirectory, FileName(EncoderFileName)));
        }

        DecoderLayout layout = options.Layout switch
        {
            DecoderLayout.Auto when Has(MergedDecoderFileName) => DecoderLayout.Merged,
            DecoderLayout.Auto when Has(DecoderFileName) && Has(DecoderWithPastFileName) => DecoderLayout.Split,
            DecoderLayout.Auto => DecoderLayout.WithoutCache,
            DecoderLayout chosen => chosen,
        };
        string[] needed = layout switch
        {
            DecoderLayout.Merged => [MergedDecoderFileName],
            DecoderLayout.Split => [DecoderFileName, DecoderWithPastFileName],
            _ => [DecoderFileName],
        };
        if (needed.FirstOrDefault(name => !Has(name)) is { } missing)
        {
            throw new FileNotFoundException(
                $"'{directory}' has no {FileName(missing)}, which the {layout} decoder layout needs.", PathOf(missing));
        }

        var opened = new List<InferenceSession>();
        InferenceSession Open(string name)
        {
            InferenceSession session = (options.FileSource, options.SessionOptions) switch
            {
                ({ } source, null) => new InferenceSession(source.Read(PathOf(name))),
                ({ } source, { } sessionOptions) => new InferenceSession(source.Read(PathOf(name)), sessionOptions),
                (null, null) => new InferenceSession(PathOf(name)),
                (null, { } sessionOptions) => new InferenceSession(PathOf(name), sessionOptions),
            };
            opened.Add(session);
            return session;
        }

        try
        {
            InferenceSession encoder = Open(EncoderFileName);
            DecoderSignature decoder = DecoderSignature.Read(Open(needed[0]), PathOf(needed[0]));
            DecoderSignature? withPast = layout == DecoderLayout.Split
                ? DecoderSignature.Read(Open(DecoderWithPastFileName), PathOf(DecoderWithPastFileName))
                : null;
            return new Seq2SeqOnnxModel(directory, encoder, decoder, withPast, layout);
        }
        catch
        {
            opened.ForEach(session => session.Dispose());
            throw;
        }
    }

    /// <summary>
    /// Runs the encoder once over <paramref name="sources"/> (right-padded with <paramref name="padTokenId"/>,
    /// attention mask 0 on the padding) and returns the decoder session that generation steps for this batch.
    /// </summary>
    /// <param name="sources">Token ids per source, as the tokenizer gives them (EOS included).</param>
    /// <param name="padTokenId">The model's pad id (config.json <c>pad_token_id</c>).</param>
    /// <param name="cacheMode">Key/value cache or full recomputation; <see cref="DecoderCacheMode.Auto"/> caches when the files allow.</param>
    /// <param name="cancellationToken">Terminates the encoder run.</param>
    /// <exception cref="ArgumentException">A source is empty.</exception>
    /// <exception cref="NotSupportedException"><see cref="DecoderCacheMode.Cached"/> on files that do not allow it.</exception>
    public OnnxDecoderSession StartDecoding(
        IReadOnlyList<IReadOnlyList<int>> sources, int padTokenId, DecoderCacheMode cacheMode, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sources);
        DecoderCacheMode mode = cacheMode switch
        {
            DecoderCacheMode.Auto => SupportsCache ? DecoderCacheMode.Cached : DecoderCacheMode.Uncached,
            DecoderCacheMode.Cached when !SupportsCache => throw new NotSupportedException(
                $"The {Layout} decoder files in '{OnnxDirectory}' give no key/value cache; decode uncached."),
            _ => cacheMode,
        };
        for (int i = 0; i < sources.Count; i++)
        {
            if (sources[i] is null || sources[i].Count == 0)
            {
                throw new ArgumentException($"Source {i} has no tokens.", nameof(sources));
            }
        }

        if (sources.Count == 0)
        {
            return new OnnxDecoderSession(this, mode, batchSize: 0, hiddenStates: null, mask: null);
        }

        (long[] ids, long[] mask, int length) = Pad(sources, padTokenId);
        RowTensor maskTensor = RowTensor.Own(OrtValue.CreateTensorValueFromMemory(mask, [sources.Count, length]));
        try
        {
            RowTensor hiddenStates = Encode(ids, maskTensor.Value, sources.Count, length, cancellationToken);
            return new OnnxDecoderSession(this, mode, sources.Count, hiddenStates, maskTensor);
        }
        catch
        {
            maskTensor.Dispose();
            throw;
        }
    }

    /// <summary>Disposes the sessions; decoder sessions still open must not be stepped afterwards.</summary>
    public void Dispose()
    {
        _encoder.Dispose();
        Decoder.Session.Dispose();
        DecoderWithPast?.Session.Dispose();
    }

    private static (long[] Ids, long[] Mask, int Length) Pad(IReadOnlyList<IReadOnlyList<int>> sources, int padTokenId)
    {
        int length = sources.Max(source => source.Count);
        long[] ids = new long[sources.Count * length];
        long[] mask = new long[ids.Length];
        Array.Fill(ids, padTokenId);
        for (int row = 0; row < sources.Count; row++)
        {
            for (int position = 0; position < sources[row].Count; position++)
            {
                ids[(row * length) + position] = sources[row][position];
                mask[(row * length) + position] = 1;
            }
        }

        return (ids, mask, length);
    }

    private static string ReadEncoderSignature(InferenceSession encoder, string path)
    {
        foreach ((string name, NodeMetadata metadata) in encoder.InputMetadata)
        {
            if (name is not (Seq2SeqTensorNames.InputIds or Seq2SeqTensorNames.AttentionMask))
            {
                throw new NotSupportedException($"'{path}' takes an input '{name}' that the seq2seq runner does not know how to feed.");
            }

            if (metadata.ElementDataType != TensorElementType.Int64)
            {
                throw new NotSupportedException($"'{path}' declares '{name}' as {metadata.ElementDataType}; the runner feeds Int64.");
            }
        }

        if (!encoder.InputMetadata.ContainsKey(Seq2SeqTensorNames.InputIds))
        {
            throw new NotSupportedException($"'{path}' has no '{Seq2SeqTensorNames.InputIds}' input.");
        }

        string output = encoder.OutputMetadata.ContainsKey(Seq2SeqTensorNames.LastHiddenState)
            ? Seq2SeqTensorNames.LastHiddenState
            : encoder.OutputMetadata.Count == 1
                ? encoder.OutputNames[0]
                : throw new NotSupportedException($"'{path}' has no '{Seq2SeqTensorNames.LastHiddenState}' output.");
        if (encoder.OutputMetadata[output].ElementDataType != TensorElementType.Float)
        {
            throw new NotSupportedException(
                $"'{path}' gives '{output}' as {encoder.OutputMetadata[output].ElementDataType}; the runner needs Float.");
        }

        return output;
    }

    private RowTensor Encode(long[] ids, OrtValue mask, int batch, int length, CancellationToken cancellationToken)
    {
        using OrtValue idsValue = OrtValue.CreateTensorValueFromMemory(ids, [batch, length]);
        List<string> names = [Seq2SeqTensorNames.InputIds];
        List<OrtValue> values = [idsValue];
        if (_encoderTakesMask)
        {
            names.Add(Seq2SeqTensorNames.AttentionMask);
            values.Add(mask);
        }

        OrtValue[] outputs = OrtRun.Run(_encoder, names, values, [_encoderOutput], cancellationToken);
        return RowTensor.Own(outputs[0]);
    }
}
