using BatchWorkers.Onnx.Protos;
using Google.Protobuf;

namespace BatchWorkers.Onnx.Tests;

public sealed class OnnxAttributeTests
{
    // The ONNX checker requires exactly one value field to be present, so zero values (Flatten axis 0,
    // Gemm beta 0) must reach the wire even though proto3 would normally skip a default.
    [Fact]
    public void Int_ZeroValue_IsPresentOnTheWire()
    {
        var parsed = AttributeProto.Parser.ParseFrom(OnnxAttribute.Int("axis", 0).ToByteArray());

        Assert.True(parsed.HasI);
        Assert.Equal(AttributeProto.Types.AttributeType.Int, parsed.Type);
    }

    [Fact]
    public void Float_ZeroValue_IsPresentOnTheWire()
    {
        var parsed = AttributeProto.Parser.ParseFrom(OnnxAttribute.Float("beta", 0f).ToByteArray());

        Assert.True(parsed.HasF);
        Assert.Equal(AttributeProto.Types.AttributeType.Float, parsed.Type);
    }

    [Fact]
    public void Ints_Values_KeepOrderAndType()
    {
        var attribute = OnnxAttribute.Ints("pads", [1, 0, 2, 1]);

        Assert.Equal([1L, 0, 2, 1], attribute.Ints);
        Assert.Equal(AttributeProto.Types.AttributeType.Ints, attribute.Type);
    }

    [Fact]
    public void String_Value_IsUtf8Encoded()
    {
        var attribute = OnnxAttribute.String("mode", "größe");

        Assert.Equal("größe", attribute.S.ToStringUtf8());
        Assert.Equal(AttributeProto.Types.AttributeType.String, attribute.Type);
    }
}
