namespace BatchWorkers.Onnx.Transformers;

/// <summary>
/// Writes <see cref="Seq2SeqTransformerWeights"/> as Hugging Face Optimum seq2seq ONNX files, with Optimum's
/// tensor names, shapes and key/value layout ([batch, heads, seq, head_dim]):
/// <list type="bullet">
/// <item><c>encoder_model.onnx</c>: input_ids, attention_mask (int64 [batch, enc_len]) → last_hidden_state.</item>
/// <item><c>decoder_model.onnx</c>: encoder_attention_mask, input_ids, encoder_hidden_states → logits and
/// present.{i}.decoder.key|value, present.{i}.encoder.key|value.</item>
/// <item><c>decoder_with_past_model.onnx</c>: input_ids [batch, 1], encoder_attention_mask,
/// past_key_values.{i}.decoder|encoder.key|value → logits and present.{i}.decoder.key|value.</item>
/// <item><c>decoder_model_merged.onnx</c>: the union of those inputs plus use_cache_branch (bool [1]); one If
/// node whose then-branch is the with-past decoder and else-branch the decoder without past; outputs as the
/// decoder without past, the cache branch returning empty (first dim 0) present.{i}.encoder.* placeholders.</item>
/// </list>
/// </summary>
public static class Seq2SeqExporter
{
    public const string EncoderFileName = "encoder_model.onnx";
    public const string DecoderFileName = "decoder_model.onnx";
    public const string DecoderWithPastFileName = "decoder_with_past_model.onnx";
    public const string MergedDecoderFileName = "decoder_model_merged.onnx";

    /// <summary>The opset written: 14, as Optimum 1.x exports (ReduceMean still takes its axes as an attribute).</summary>
    public const long OpsetVersion = 14;

    private const string Batch = "batch_size";
    private const string EncoderLength = "encoder_sequence_length";
    private const string DecoderLength = "decoder_sequence_length";
    private const string PastLength = "past_decoder_sequence_length";
    private const string EncoderKvLength = "encoder_sequence_length_out";

    /// <summary>Writes the encoder and the decoder files of <paramref name="layout"/> into <paramref name="directory"/>.</summary>
    public static void WriteFolder(
        string directory, Seq2SeqTransformerWeights weights, Seq2SeqExportLayout layout = Seq2SeqExportLayout.MergedAndSplit)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        Directory.CreateDirectory(directory);
        Encoder(weights).Save(Path.Combine(directory, EncoderFileName));
        if (layout is Seq2SeqExportLayout.Merged or Seq2SeqExportLayout.MergedAndSplit)
        {
            MergedDecoder(weights).Save(Path.Combine(directory, MergedDecoderFileName));
        }

        if (layout is Seq2SeqExportLayout.Split or Seq2SeqExportLayout.MergedAndSplit)
        {
            Decoder(weights).Save(Path.Combine(directory, DecoderFileName));
            DecoderWithPast(weights).Save(Path.Combine(directory, DecoderWithPastFileName));
        }

        if (layout == Seq2SeqExportLayout.WithoutCache)
        {
            Decoder(weights, withPresents: false).Save(Path.Combine(directory, DecoderFileName));
        }
    }

    /// <summary><c>encoder_model.onnx</c>.</summary>
    public static OnnxModelBuilder Encoder(Seq2SeqTransformerWeights weights)
    {
        Seq2SeqTransformerShape shape = Checked(weights);
        var model = new OnnxModelBuilder("encoder", OpsetVersion);
        OnnxGraph graph = model.Graph;
        graph.AddInt64Input(Seq2SeqGraphWriter.InputIds, Batch, EncoderLength);
        graph.AddInt64Input(Seq2SeqGraphWriter.AttentionMask, Batch, EncoderLength);
        Seq2SeqGraphWriter.AddConstants(graph, shape, readsPast: false);
        Seq2SeqGraphWriter.AddEncoderWeights(graph, weights);
        new Seq2SeqGraphWriter(graph, "", shape).WriteEncoder(Seq2SeqGraphWriter.LastHiddenState);
        graph.AddFloatOutput(Seq2SeqGraphWriter.LastHiddenState, Batch, EncoderLength, shape.ModelDim);
        return model;
    }

    /// <summary>
    /// <c>decoder_model.onnx</c>; with <paramref name="withPresents"/> false, the export without past
    /// key/values (logits only).
    /// </summary>
    public static OnnxModelBuilder Decoder(Seq2SeqTransformerWeights weights, bool withPresents = true)
    {
        Seq2SeqTransformerShape shape = Checked(weights);
        var model = new OnnxModelBuilder("decoder", OpsetVersion);
        OnnxGraph graph = model.Graph;
        AddDecoderInputs(graph);
        graph.AddFloatInput(Seq2SeqGraphWriter.EncoderHiddenStates, Batch, EncoderLength, shape.ModelDim);
        Seq2SeqGraphWriter.AddConstants(graph, shape, readsPast: false);
        Seq2SeqGraphWriter.AddDecoderWeights(graph, weights, projectsEncoderOutput: true);
        // Presents an export without past does not declare are still computed, under names nothing reads.
        new Seq2SeqGraphWriter(graph, "", shape).WriteDecoder(
            withPast: false, name => withPresents || name == Seq2SeqGraphWriter.Logits ? name : $"unused.{name}");
        graph.AddFloatOutput(Seq2SeqGraphWriter.Logits, Batch, DecoderLength, shape.VocabSize);
        if (withPresents)
        {
            foreach ((int layer, string part, string kind) in Seq2SeqGraphWriter.PresentOrder(shape.DecoderLayers))
            {
                graph.AddFloatOutput(
                    Seq2SeqGraphWriter.Present(layer, part, kind),
                    Batch,
                    shape.Heads,
                    part == "decoder" ? DecoderLength : EncoderKvLength,
                    shape.HeadDim);
            }
        }

        return model;
    }

    /// <summary><c>decoder_with_past_model.onnx</c>.</summary>
    public static OnnxModelBuilder DecoderWithPast(Seq2SeqTransformerWeights weights)
    {
        Seq2SeqTransformerShape shape = Checked(weights);
        var model = new OnnxModelBuilder("decoder_with_past", OpsetVersion);
        OnnxGraph graph = model.Graph;
        graph.AddInt64Input(Seq2SeqGraphWriter.InputIds, Batch, 1);
        graph.AddInt64Input(Seq2SeqGraphWriter.EncoderAttentionMask, Batch, EncoderLength);
        AddPastInputs(graph, shape);
        Seq2SeqGraphWriter.AddConstants(graph, shape, readsPast: true);
        Seq2SeqGraphWriter.AddDecoderWeights(graph, weights, projectsEncoderOutput: false);
        new Seq2SeqGraphWriter(graph, "", shape).WriteDecoder(withPast: true, name => name);
        graph.AddFloatOutput(Seq2SeqGraphWriter.Logits, Batch, 1, shape.VocabSize);
        foreach ((int layer, string part, string kind) in Seq2SeqGraphWriter.PresentOrder(shape.DecoderLayers))
        {
            if (part == "decoder")
            {
                graph.AddFloatOutput(
                    Seq2SeqGraphWriter.Present(layer, part, kind), Batch, shape.Heads, $"{PastLength} + 1", shape.HeadDim);
            }
        }

        return model;
    }

    /// <summary><c>decoder_model_merged.onnx</c>: both decoders behind one If on use_cache_branch, weights shared.</summary>
    public static OnnxModelBuilder MergedDecoder(Seq2SeqTransformerWeights weights)
    {
        Seq2SeqTransformerShape shape = Checked(weights);
        var model = new OnnxModelBuilder("decoder_merged", OpsetVersion);
        OnnxGraph graph = model.Graph;
        AddDecoderInputs(graph);
        graph.AddFloatInput(Seq2SeqGraphWriter.EncoderHiddenStates, Batch, EncoderLength, shape.ModelDim);
        AddPastInputs(graph, shape);
        graph.AddBoolInput(Seq2SeqGraphWriter.UseCacheBranch, 1);
        Seq2SeqGraphWriter.AddConstants(graph, shape, readsPast: true);
        Seq2SeqGraphWriter.AddDecoderWeights(graph, weights, projectsEncoderOutput: true);

        string[] outputs = [Seq2SeqGraphWriter.Logits, .. Seq2SeqGraphWriter.PresentOrder(shape.DecoderLayers)
            .Select(present => Seq2SeqGraphWriter.Present(present.Layer, present.Part, present.Kind))];
        OnnxGraph withPast = Branch(graph, shape, "decoder_with_past", "with_past/", outputs, (writer, name) =>
        {
            writer.WriteDecoder(withPast: true, name);
            writer.WriteEmptyEncoderPresents(name);
        });
        OnnxGraph withoutPast = Branch(graph, shape, "decoder", "no_past/", outputs, (writer, name) => writer.WriteDecoder(withPast: false, name));
        graph.If(Seq2SeqGraphWriter.UseCacheBranch, withPast, withoutPast, outputs);

        graph.AddFloatOutput(Seq2SeqGraphWriter.Logits, Batch, DecoderLength, shape.VocabSize);
        foreach ((int layer, string part, string kind) in Seq2SeqGraphWriter.PresentOrder(shape.DecoderLayers))
        {
            // The cache branch returns a batch of 0 for the encoder presents, so that dim gets a name of its own.
            graph.AddFloatOutput(
                Seq2SeqGraphWriter.Present(layer, part, kind),
                part == "decoder" ? Batch : "encoder_present_batch_size",
                shape.Heads,
                part == "decoder" ? "present_decoder_sequence_length" : EncoderKvLength,
                shape.HeadDim);
        }

        return model;
    }

    private static OnnxGraph Branch(
        OnnxGraph outer,
        Seq2SeqTransformerShape shape,
        string name,
        string scope,
        string[] outputs,
        Action<Seq2SeqGraphWriter, Func<string, string>> write)
    {
        OnnxGraph branch = outer.CreateSubgraph(name);
        write(new Seq2SeqGraphWriter(branch, scope, shape), output => scope + output);
        foreach (string output in outputs)
        {
            branch.AddFloatOutput(scope + output);
        }

        return branch;
    }

    private static void AddDecoderInputs(OnnxGraph graph)
    {
        graph.AddInt64Input(Seq2SeqGraphWriter.EncoderAttentionMask, Batch, EncoderLength);
        graph.AddInt64Input(Seq2SeqGraphWriter.InputIds, Batch, DecoderLength);
    }

    private static void AddPastInputs(OnnxGraph graph, Seq2SeqTransformerShape shape)
    {
        foreach ((int layer, string part, string kind) in Seq2SeqGraphWriter.PresentOrder(shape.DecoderLayers))
        {
            graph.AddFloatInput(
                Seq2SeqGraphWriter.Past(layer, part, kind),
                Batch,
                shape.Heads,
                part == "decoder" ? PastLength : EncoderKvLength,
                shape.HeadDim);
        }
    }

    private static Seq2SeqTransformerShape Checked(Seq2SeqTransformerWeights weights)
    {
        ArgumentNullException.ThrowIfNull(weights);
        weights.Validate();
        return weights.Shape;
    }
}
