using BatchWorkers.Onnx.Transformers;
using BatchWorkers.Seq2Seq.Tests.Onnx.Support;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using static BatchWorkers.Seq2Seq.Tests.Onnx.Support.TinySeq2SeqFixture;

namespace BatchWorkers.Seq2Seq.Tests.Onnx;

/// <summary>Each exported graph, run by ONNX Runtime, against the plain C# forward pass of the same weights.</summary>
[Collection(TinySeq2SeqCollection.Name)]
public sealed class Seq2SeqExportTests(TinySeq2SeqFixture fixture)
{
    private const int Heads = 2;
    private const int HeadDim = 8;

    // Two sources of different lengths, so row 0 is padded; decoder prefixes start with the start token (pad).
    private static readonly IReadOnlyList<IReadOnlyList<int>> TwoSources = [Sources[0], Sources[1]];
    private static readonly long[][] Prefixes = [[Pad, 4, 9], [Pad, 22, 1]];

    [Fact]
    public void Encoder_PaddedBatch_MatchesReference()
    {
        var batch = new PaddedBatch(TwoSources, Pad);

        Dictionary<string, FloatTensor> outputs = OrtTensors.Run(fixture.File(Seq2SeqExporter.EncoderFileName), new()
        {
            ["input_ids"] = OrtTensors.Int64(batch.FlatIds, batch.Rows, batch.Length),
            ["attention_mask"] = OrtTensors.Int64(batch.FlatMask, batch.Rows, batch.Length),
        });

        Assert.Equal(["last_hidden_state"], outputs.Keys);
        (double[][][] expected, _) = batch.Encode(fixture.Reference);
        for (int row = 0; row < batch.Rows; row++)
        {
            Close.Rows(expected[row], outputs["last_hidden_state"], row, "last_hidden_state");
        }
    }

    [Fact]
    public void Encoder_Padding_DoesNotChangeTheRealPositions()
    {
        ReferenceTransformer reference = fixture.Reference;
        var padded = new PaddedBatch(TwoSources, Pad);
        long[] alone = [.. Sources[0].Select(id => (long)id)];

        double[][] unpadded = reference.Encode(alone, [.. alone.Select(_ => 1L)]);
        double[][] withPadding = reference.Encode(padded.Ids[0], padded.Mask[0]);

        // The reference itself must honour the mask, or the ONNX comparisons would prove nothing about padding.
        for (int position = 0; position < alone.Length; position++)
        {
            Assert.Equal(unpadded[position], withPadding[position], (a, b) => Math.Abs(a - b) < 1e-9);
        }
    }

    [Fact]
    public void Decoder_WithoutPast_MatchesReferenceLogitsAndPresents()
    {
        var batch = new PaddedBatch(TwoSources, Pad);
        (double[][][] hidden, float[] flatHidden) = batch.Encode(fixture.Reference);

        Dictionary<string, FloatTensor> outputs = OrtTensors.Run(fixture.File(Seq2SeqExporter.DecoderFileName), new()
        {
            ["encoder_attention_mask"] = OrtTensors.Int64(batch.FlatMask, batch.Rows, batch.Length),
            ["input_ids"] = OrtTensors.Int64([.. Prefixes.SelectMany(p => p)], batch.Rows, 3),
            ["encoder_hidden_states"] = OrtTensors.Float(flatHidden, batch.Rows, batch.Length, 16),
        });

        for (int row = 0; row < batch.Rows; row++)
        {
            ReferenceTransformer.DecoderResult expected = fixture.Reference.Decode(Prefixes[row], hidden[row], batch.Mask[row]);
            Close.Rows(expected.Logits, outputs["logits"], row, "logits");
            AssertPresents(expected, outputs, row, withEncoder: true);
        }
    }

    [Fact]
    public void DecoderWithPast_NewToken_MatchesReferenceOverTheWholePrefix()
    {
        var batch = new PaddedBatch(TwoSources, Pad);
        (double[][][] hidden, _) = batch.Encode(fixture.Reference);
        ReferenceTransformer.DecoderResult[] full = [.. Enumerable.Range(0, 2).Select(row => fixture.Reference.Decode(Prefixes[row], hidden[row], batch.Mask[row]))];
        var inputs = new Dictionary<string, OrtValue>
        {
            ["input_ids"] = OrtTensors.Int64([Prefixes[0][2], Prefixes[1][2]], 2, 1),
            ["encoder_attention_mask"] = OrtTensors.Int64(batch.FlatMask, batch.Rows, batch.Length),
        };
        AddPastFromReference(inputs, full, pastLength: 2);

        Dictionary<string, FloatTensor> outputs = OrtTensors.Run(fixture.File(Seq2SeqExporter.DecoderWithPastFileName), inputs);

        Assert.DoesNotContain(outputs.Keys, name => name.Contains("encoder", StringComparison.Ordinal));
        for (int row = 0; row < 2; row++)
        {
            Close.Rows([full[row].Logits[2]], outputs["logits"], row, "logits");
            AssertPresents(full[row], outputs, row, withEncoder: false);
        }
    }

    [Fact]
    public void MergedDecoder_NoCacheBranch_MatchesReference()
    {
        var batch = new PaddedBatch(TwoSources, Pad);
        (double[][][] hidden, float[] flatHidden) = batch.Encode(fixture.Reference);
        var inputs = new Dictionary<string, OrtValue>
        {
            ["encoder_attention_mask"] = OrtTensors.Int64(batch.FlatMask, batch.Rows, batch.Length),
            ["input_ids"] = OrtTensors.Int64([.. Prefixes.SelectMany(p => p)], batch.Rows, 3),
            ["encoder_hidden_states"] = OrtTensors.Float(flatHidden, batch.Rows, batch.Length, 16),
            ["use_cache_branch"] = OrtTensors.Bool(false),
        };
        foreach (string name in PastNames())
        {
            inputs[name] = OrtTensors.Float([], batch.Rows, Heads, 0, HeadDim);
        }

        Dictionary<string, FloatTensor> outputs = OrtTensors.Run(fixture.File(Seq2SeqExporter.MergedDecoderFileName), inputs);

        for (int row = 0; row < batch.Rows; row++)
        {
            ReferenceTransformer.DecoderResult expected = fixture.Reference.Decode(Prefixes[row], hidden[row], batch.Mask[row]);
            Close.Rows(expected.Logits, outputs["logits"], row, "logits");
            AssertPresents(expected, outputs, row, withEncoder: true);
        }
    }

    [Fact]
    public void MergedDecoder_CacheBranch_MatchesReferenceAndGivesEmptyEncoderPresents()
    {
        var batch = new PaddedBatch(TwoSources, Pad);
        (double[][][] hidden, float[] flatHidden) = batch.Encode(fixture.Reference);
        ReferenceTransformer.DecoderResult[] full = [.. Enumerable.Range(0, 2).Select(row => fixture.Reference.Decode(Prefixes[row], hidden[row], batch.Mask[row]))];
        var inputs = new Dictionary<string, OrtValue>
        {
            ["encoder_attention_mask"] = OrtTensors.Int64(batch.FlatMask, batch.Rows, batch.Length),
            ["input_ids"] = OrtTensors.Int64([Prefixes[0][2], Prefixes[1][2]], 2, 1),
            ["encoder_hidden_states"] = OrtTensors.Float(flatHidden, batch.Rows, batch.Length, 16),
            ["use_cache_branch"] = OrtTensors.Bool(true),
        };
        AddPastFromReference(inputs, full, pastLength: 2);

        Dictionary<string, FloatTensor> outputs = OrtTensors.Run(fixture.File(Seq2SeqExporter.MergedDecoderFileName), inputs);

        for (int row = 0; row < 2; row++)
        {
            Close.Rows([full[row].Logits[2]], outputs["logits"], row, "logits");
            AssertPresents(full[row], outputs, row, withEncoder: false);
        }

        foreach (string name in outputs.Keys.Where(name => name.Contains("encoder", StringComparison.Ordinal)))
        {
            Assert.Equal([0L, Heads, 1, HeadDim], outputs[name].Shape);
        }
    }

    [Theory]
    [InlineData(Seq2SeqExporter.EncoderFileName, "input_ids:Int64[batch_size,encoder_sequence_length] attention_mask:Int64[batch_size,encoder_sequence_length]", "last_hidden_state:Float[batch_size,encoder_sequence_length,16]")]
    [InlineData(Seq2SeqExporter.DecoderFileName, "encoder_attention_mask:Int64[batch_size,encoder_sequence_length] input_ids:Int64[batch_size,decoder_sequence_length] encoder_hidden_states:Float[batch_size,encoder_sequence_length,16]", "logits:Float[batch_size,decoder_sequence_length,32] present.0.decoder.key:Float[batch_size,2,decoder_sequence_length,8] present.0.decoder.value:Float[batch_size,2,decoder_sequence_length,8] present.0.encoder.key:Float[batch_size,2,encoder_sequence_length_out,8] present.0.encoder.value:Float[batch_size,2,encoder_sequence_length_out,8] present.1.decoder.key:Float[batch_size,2,decoder_sequence_length,8] present.1.decoder.value:Float[batch_size,2,decoder_sequence_length,8] present.1.encoder.key:Float[batch_size,2,encoder_sequence_length_out,8] present.1.encoder.value:Float[batch_size,2,encoder_sequence_length_out,8]")]
    [InlineData(Seq2SeqExporter.DecoderWithPastFileName, "input_ids:Int64[batch_size,1] encoder_attention_mask:Int64[batch_size,encoder_sequence_length] past_key_values.0.decoder.key:Float[batch_size,2,past_decoder_sequence_length,8] past_key_values.0.decoder.value:Float[batch_size,2,past_decoder_sequence_length,8] past_key_values.0.encoder.key:Float[batch_size,2,encoder_sequence_length_out,8] past_key_values.0.encoder.value:Float[batch_size,2,encoder_sequence_length_out,8] past_key_values.1.decoder.key:Float[batch_size,2,past_decoder_sequence_length,8] past_key_values.1.decoder.value:Float[batch_size,2,past_decoder_sequence_length,8] past_key_values.1.encoder.key:Float[batch_size,2,encoder_sequence_length_out,8] past_key_values.1.encoder.value:Float[batch_size,2,encoder_sequence_length_out,8]", "logits:Float[batch_size,1,32] present.0.decoder.key:Float[batch_size,2,past_decoder_sequence_length + 1,8] present.0.decoder.value:Float[batch_size,2,past_decoder_sequence_length + 1,8] present.1.decoder.key:Float[batch_size,2,past_decoder_sequence_length + 1,8] present.1.decoder.value:Float[batch_size,2,past_decoder_sequence_length + 1,8]")]
    public void Export_Signature_FollowsOptimum(string fileName, string inputs, string outputs)
    {
        InferenceSession session = fixture.File(fileName);

        Assert.Equal(inputs, Describe(session.InputNames, session.InputMetadata));
        Assert.Equal(outputs, Describe(session.OutputNames, session.OutputMetadata));
    }

    [Fact]
    public void MergedDecoder_Signature_IsTheUnionPlusUseCacheBranch()
    {
        InferenceSession merged = fixture.File(Seq2SeqExporter.MergedDecoderFileName);
        InferenceSession decoder = fixture.File(Seq2SeqExporter.DecoderFileName);
        InferenceSession withPast = fixture.File(Seq2SeqExporter.DecoderWithPastFileName);

        Assert.Equal(
            [.. decoder.InputNames, .. withPast.InputNames.Where(name => name.StartsWith("past_key_values.", StringComparison.Ordinal)), "use_cache_branch"],
            merged.InputNames);
        Assert.Equal(TensorElementType.Bool, merged.InputMetadata["use_cache_branch"].ElementDataType);
        Assert.Equal([1], merged.InputMetadata["use_cache_branch"].Dimensions);
        Assert.Equal(decoder.OutputNames, merged.OutputNames);
    }

    private static string Describe(IReadOnlyList<string> names, IReadOnlyDictionary<string, NodeMetadata> metadata) =>
        string.Join(' ', names.Select(name =>
        {
            NodeMetadata node = metadata[name];
            IEnumerable<string> dims = node.Dimensions.Select((dim, i) => dim >= 0 ? dim.ToString(System.Globalization.CultureInfo.InvariantCulture) : node.SymbolicDimensions[i]);
            return $"{name}:{node.ElementDataType}[{string.Join(',', dims)}]";
        }));

    private static IEnumerable<string> PastNames() =>
        from layer in Enumerable.Range(0, 2)
        from part in new[] { "decoder", "encoder" }
        from kind in new[] { "key", "value" }
        select $"past_key_values.{layer}.{part}.{kind}";

    // past_key_values.* from the reference's full-prefix run: decoder entries cut to the first pastLength positions.
    private static void AddPastFromReference(Dictionary<string, OrtValue> inputs, ReferenceTransformer.DecoderResult[] rows, int pastLength)
    {
        foreach (string name in PastNames())
        {
            string[] parts = name.Split('.');
            int layer = int.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture);
            bool encoder = parts[2] == "encoder";
            bool value = parts[3] == "value";
            double[][][][] perRow = [.. rows.Select(row =>
            {
                ReferenceTransformer.LayerPresents presents = row.Presents[layer];
                return encoder ? (value ? presents.CrossValues : presents.CrossKeys) : (value ? presents.SelfValues : presents.SelfKeys);
            })];
            int positions = encoder ? perRow[0][0].Length : pastLength;
            float[] flat = [.. perRow.SelectMany(heads => heads.SelectMany(head => head.Take(positions).SelectMany(v => v.Select(x => (float)x))))];
            inputs[name] = OrtTensors.Float(flat, rows.Length, Heads, positions, HeadDim);
        }
    }

    private static void AssertPresents(ReferenceTransformer.DecoderResult expected, Dictionary<string, FloatTensor> outputs, int row, bool withEncoder)
    {
        for (int layer = 0; layer < expected.Presents.Count; layer++)
        {
            ReferenceTransformer.LayerPresents presents = expected.Presents[layer];
            Close.Heads(presents.SelfKeys, outputs[$"present.{layer}.decoder.key"], row, $"present.{layer}.decoder.key");
            Close.Heads(presents.SelfValues, outputs[$"present.{layer}.decoder.value"], row, $"present.{layer}.decoder.value");
            if (withEncoder)
            {
                Close.Heads(presents.CrossKeys, outputs[$"present.{layer}.encoder.key"], row, $"present.{layer}.encoder.key");
                Close.Heads(presents.CrossValues, outputs[$"present.{layer}.encoder.value"], row, $"present.{layer}.encoder.value");
            }
        }
    }
}
