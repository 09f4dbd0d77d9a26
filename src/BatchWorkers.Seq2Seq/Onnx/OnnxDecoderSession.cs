using BatchWorkers.Seq2Seq.Generation;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace BatchWorkers.Seq2Seq.Onnx;

/// <summary>
/// The decoder of a <see cref="Seq2SeqOnnxModel"/> bound to one encoded batch: every per-row tensor (encoder
/// output, encoder attention mask and, when cached, each layer's decoder and encoder key/values) lives here and
/// follows <see cref="SelectRows"/>. Not thread-safe; one generation at a time. Dispose it to free the tensors.
/// </summary>
public sealed class OnnxDecoderSession : IDecoderSession, IDisposable
{
    private readonly Seq2SeqOnnxModel _model;
    private readonly KeyValueSlot[] _decoderSlots;
    private readonly KeyValueSlot[] _encoderSlots;
    private RowTensor? _hiddenStates;
    private readonly RowTensor? _mask;
    private RowTensor[]? _decoderCache;
    private RowTensor[]? _encoderCache;
    private int _rows;
    private int _cachedLength;
    private bool _disposed;

    internal OnnxDecoderSession(Seq2SeqOnnxModel model, DecoderCacheMode cacheMode, int batchSize, RowTensor? hiddenStates, RowTensor? mask)
    {
        _model = model;
        CacheMode = cacheMode;
        BatchSize = batchSize;
        _rows = batchSize;
        _hiddenStates = hiddenStates;
        _mask = mask;
        _decoderSlots = KeyValueSlot.ForPart(model.DecoderLayers, encoder: false);
        _encoderSlots = KeyValueSlot.ForPart(model.DecoderLayers, encoder: true);
        EncoderLength = mask is null ? 0 : (int)mask.Shape[1];
    }

    /// <inheritdoc />
    public int BatchSize { get; }

    /// <summary><see cref="DecoderCacheMode.Cached"/> or <see cref="DecoderCacheMode.Uncached"/>.</summary>
    public DecoderCacheMode CacheMode { get; }

    /// <summary>The padded source length the encoder ran at.</summary>
    public int EncoderLength { get; }

    /// <summary>Rows the next <see cref="Step"/> expects.</summary>
    public int Rows => _rows;

    /// <summary>Decoder positions held in the key/value cache (0 before the first step and when uncached).</summary>
    public int CachedLength => _cachedLength;

    /// <inheritdoc />
    /// <exception cref="InvalidOperationException">The rows differ in number from the session's, differ in
    /// length from each other, or (cached) do not extend the cache by exactly one token.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public Logits Step(IReadOnlyList<IReadOnlyList<int>> sequences, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ArgumentNullException.ThrowIfNull(sequences);
        cancellationToken.ThrowIfCancellationRequested();
        int length = CheckSequences(sequences);
        bool fromCache = _cachedLength > 0;
        if (fromCache && length != _cachedLength + 1)
        {
            throw new InvalidOperationException(
                $"The cache holds {_cachedLength} positions; a cached step takes sequences of {_cachedLength + 1} tokens, not {length}.");
        }

        DecoderSignature decoder = fromCache ? _model.DecoderWithPast ?? _model.Decoder : _model.Decoder;
        OrtValue[] outputs;
        using (DecoderInputs inputs = BuildInputs(decoder, sequences, length, fromCache))
        {
            outputs = OrtRun.Run(decoder.Session, inputs.Names, inputs.Values, OutputNames(fromCache), cancellationToken);
        }

        Logits logits;
        try
        {
            logits = LastPositionLogits(outputs[0]);
        }
        catch
        {
            Array.ForEach(outputs, output => output.Dispose());
            throw;
        }

        outputs[0].Dispose();
        if (CacheMode == DecoderCacheMode.Cached)
        {
            KeepPresents(outputs, fromCache);
            _cachedLength = length;
        }

        return logits;
    }

    /// <inheritdoc />
    /// <exception cref="ArgumentOutOfRangeException">A parent is not a current row.</exception>
    public void SelectRows(ReadOnlySpan<int> parents)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        foreach (int parent in parents)
        {
            if ((uint)parent >= (uint)_rows)
            {
                throw new ArgumentOutOfRangeException(nameof(parents), parent, $"The session holds {_rows} rows.");
            }
        }

        foreach (RowTensor tensor in RowTensors())
        {
            tensor.SelectRows(parents);
        }

        _rows = parents.Length;
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        foreach (RowTensor tensor in RowTensors())
        {
            tensor.Dispose();
        }
    }

    private IEnumerable<RowTensor> RowTensors()
    {
        IEnumerable<RowTensor?> all = [_hiddenStates, _mask, .. _decoderCache ?? [], .. _encoderCache ?? []];
        return all.OfType<RowTensor>();
    }

    private int CheckSequences(IReadOnlyList<IReadOnlyList<int>> sequences)
    {
        if (sequences.Count != _rows || _rows == 0)
        {
            throw new InvalidOperationException($"The step has {sequences.Count} rows; the session holds {_rows}.");
        }

        int length = sequences[0].Count;
        if (length == 0 || sequences.Any(sequence => sequence.Count != length))
        {
            throw new InvalidOperationException("Every row of a step must hold the same number of tokens, at least one.");
        }

        return length;
    }

    // Only the new token when reading the cache, else the whole prefix; then whatever else the file declares.
    private DecoderInputs BuildInputs(DecoderSignature decoder, IReadOnlyList<IReadOnlyList<int>> sequences, int length, bool fromCache)
    {
        long[] ids = fromCache
            ? [.. sequences.Select(sequence => (long)sequence[^1])]
            : [.. sequences.SelectMany(sequence => sequence.Select(id => (long)id))];
        var inputs = new DecoderInputs();
        try
        {
            inputs.Add(Seq2SeqTensorNames.InputIds, OrtValue.CreateTensorValueFromMemory(ids, [_rows, fromCache ? 1 : length]), owned: true);
            AddEncoderInputs(decoder, inputs);
            if (decoder.TakesUseCacheBranch)
            {
                inputs.Add(Seq2SeqTensorNames.UseCacheBranch, OrtValue.CreateTensorValueFromMemory(new[] { fromCache }, [1]), owned: true);
            }

            if (decoder.TakesPast)
            {
                AddPast(decoder, inputs, fromCache);
            }

            return inputs;
        }
        catch
        {
            inputs.Dispose();
            throw;
        }
    }

    // Logits, plus (cached) the decoder presents every step and the encoder presents on the first.
    private List<string> OutputNames(bool fromCache)
    {
        List<string> names = [Seq2SeqTensorNames.Logits];
        if (CacheMode == DecoderCacheMode.Cached)
        {
            names.AddRange(_decoderSlots.Select(Seq2SeqTensorNames.Present));
            if (!fromCache)
            {
                names.AddRange(_encoderSlots.Select(Seq2SeqTensorNames.Present));
            }
        }

        return names;
    }

    private void AddEncoderInputs(DecoderSignature decoder, DecoderInputs inputs)
    {
        if (decoder.TakesEncoderAttentionMask)
        {
            inputs.Add(Seq2SeqTensorNames.EncoderAttentionMask, _mask!.Value, owned: false);
        }

        if (decoder.TakesEncoderHiddenStates)
        {
            RowTensor hiddenStates = _hiddenStates
                ?? throw new InvalidOperationException($"'{decoder.Path}' takes encoder_hidden_states, which were released.");
            inputs.Add(Seq2SeqTensorNames.EncoderHiddenStates, hiddenStates.Value, owned: false);
        }
    }

    private void AddPast(DecoderSignature decoder, DecoderInputs inputs, bool fromCache)
    {
        for (int i = 0; i < _decoderSlots.Length; i++)
        {
            if (fromCache)
            {
                inputs.Add(Seq2SeqTensorNames.Past(_decoderSlots[i]), _decoderCache![i].Value, owned: false);
                inputs.Add(Seq2SeqTensorNames.Past(_encoderSlots[i]), _encoderCache![i].Value, owned: false);
            }
            else
            {
                // The merged decoder's no-cache branch never reads them, but every input must be fed: zero-length ones.
                long[] shape = [_rows, decoder.Heads, 0, decoder.HeadDim];
                inputs.Add(Seq2SeqTensorNames.Past(_decoderSlots[i]), EmptyTensor(shape), owned: true);
                inputs.Add(Seq2SeqTensorNames.Past(_encoderSlots[i]), EmptyTensor(shape), owned: true);
            }
        }
    }

    private static OrtValue EmptyTensor(long[] shape) =>
        OrtValue.CreateAllocatedTensorValue(OrtAllocator.DefaultInstance, TensorElementType.Float, shape);

    private Logits LastPositionLogits(OrtValue output)
    {
        long[] shape = output.GetTensorTypeAndShape().Shape;
        if (shape.Length != 3 || shape[0] != _rows)
        {
            throw new InvalidOperationException(
                $"The decoder gave logits of shape [{string.Join(", ", shape)}]; expected [{_rows}, positions, vocab].");
        }

        int positions = checked((int)shape[1]);
        int vocab = checked((int)shape[2]);
        ReadOnlySpan<float> data = output.GetTensorDataAsSpan<float>();
        float[] values = new float[_rows * vocab];
        for (int row = 0; row < _rows; row++)
        {
            data.Slice(((row * positions) + positions - 1) * vocab, vocab).CopyTo(values.AsSpan(row * vocab));
        }

        return new Logits(_rows, vocab, values);
    }

    // outputs: logits (already read), decoder presents, then (first step only) encoder presents.
    private void KeepPresents(OrtValue[] outputs, bool fromCache)
    {
        RowTensor[] decoderCache = [.. outputs.Skip(1).Take(_decoderSlots.Length).Select(RowTensor.Own)];
        if (_decoderCache is not null)
        {
            Array.ForEach(_decoderCache, tensor => tensor.Dispose());
        }

        _decoderCache = decoderCache;
        if (!fromCache)
        {
            _encoderCache = [.. outputs.Skip(1 + _decoderSlots.Length).Select(RowTensor.Own)];
            if (_model.DecoderWithPast is { TakesEncoderHiddenStates: false })
            {
                // The split decoder with past reads the encoder key/values instead: stop carrying the hidden states.
                _hiddenStates?.Dispose();
                _hiddenStates = null;
            }
        }
    }

    /// <summary>The names and values of one run, disposing those created for it.</summary>
    private sealed class DecoderInputs : IDisposable
    {
        private readonly List<OrtValue> _owned = [];

        public List<string> Names { get; } = [];

        public List<OrtValue> Values { get; } = [];

        public void Add(string name, OrtValue value, bool owned)
        {
            Names.Add(name);
            Values.Add(value);
            if (owned)
            {
                _owned.Add(value);
            }
        }

        public void Dispose() => _owned.ForEach(value => value.Dispose());
    }
}
