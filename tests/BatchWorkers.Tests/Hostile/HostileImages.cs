using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using BatchWorkers.Tests.Infrastructure;
using SkiaSharp;

namespace BatchWorkers.Tests.Hostile;

/// <summary>
/// Images a hostile or unusual client sends, written byte by byte where SkiaSharp cannot encode them (CMYK JPEG,
/// animated GIF and WebP, headers that lie about their size). Each method says how its bytes are laid out.
/// </summary>
public static class HostileImages
{
    /// <summary>A solid image's JPEG with its SOF0 header changed to declare <paramref name="width"/>×<paramref name="height"/>.</summary>
    public static byte[] JpegDeclaring(int width, int height)
    {
        var jpeg = TestImages.Solid(TestImages.Red, 16, 16, SKEncodedImageFormat.Jpeg);
        var sof = jpeg.AsSpan().IndexOf(new byte[] { 0xFF, 0xC0 });
        // FF C0, length (2), precision (1), height (2), width (2): big-endian.
        BinaryPrimitives.WriteUInt16BigEndian(jpeg.AsSpan(sof + 5), (ushort)height);
        BinaryPrimitives.WriteUInt16BigEndian(jpeg.AsSpan(sof + 7), (ushort)width);
        return jpeg;
    }

    /// <summary>
    /// A decompression bomb: a valid 1-bit greyscale PNG of <paramref name="side"/>² pixels, all black, whose pixel
    /// data (side × (1 + side/8) bytes, 50 MB for 20,000) deflates to a few tens of kilobytes.
    /// </summary>
    public static byte[] PngBomb(int side)
    {
        var ihdr = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(ihdr, side);
        BinaryPrimitives.WriteInt32BigEndian(ihdr.AsSpan(4), side);
        ihdr[8] = 1; // bit depth 1; colour type 0 (greyscale), deflate, filter 0, no interlace
        using var idat = new MemoryStream();
        using (var zlib = new ZLibStream(idat, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            var row = new byte[1 + ((side + 7) / 8)]; // filter byte 0, then the row's bits
            for (var y = 0; y < side; y++)
            {
                zlib.Write(row);
            }
        }

        return Png(ihdr, idat.ToArray());
    }

    /// <summary>A PNG header (IHDR) declaring <paramref name="width"/>×<paramref name="height"/> RGB pixels, and no pixel data.</summary>
    public static byte[] PngDeclaring(int width, int height)
    {
        var ihdr = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(ihdr, width);
        BinaryPrimitives.WriteInt32BigEndian(ihdr.AsSpan(4), height);
        ihdr[8] = 8;
        ihdr[9] = 2;
        return Png(ihdr, null);
    }

    private static byte[] Png(byte[] ihdr, byte[]? idat)
    {
        using var png = new MemoryStream();
        png.Write([0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]);
        PngChunk(png, "IHDR", ihdr);
        if (idat is not null)
        {
            PngChunk(png, "IDAT", idat);
        }

        PngChunk(png, "IEND", []);
        return png.ToArray();
    }

    private static void PngChunk(Stream png, string type, byte[] data)
    {
        var header = new byte[8];
        BinaryPrimitives.WriteInt32BigEndian(header, data.Length);
        Encoding.ASCII.GetBytes(type, header.AsSpan(4));
        png.Write(header);
        png.Write(data);
        var crc = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(crc, Crc32(header.AsSpan(4), data));
        png.Write(crc);
    }

    private static uint Crc32(ReadOnlySpan<byte> type, ReadOnlySpan<byte> data)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var span in new[] { type.ToArray(), data.ToArray() })
        {
            foreach (var b in span)
            {
                crc ^= b;
                for (var bit = 0; bit < 8; bit++)
                {
                    crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320u : crc >> 1;
                }
            }
        }

        return ~crc;
    }

    /// <summary>
    /// An animated GIF89a (NETSCAPE2.0 loop) on a <paramref name="canvasWidth"/>×<paramref name="canvasHeight"/>
    /// canvas, one 16×16 frame per colour. The LZW data is "uncompressed": a clear code before every two literal
    /// codes keeps the code width at 3 bits, so no dictionary has to be built here.
    /// </summary>
    public static byte[] AnimatedGif(SKColor[] frames, int canvasWidth = 16, int canvasHeight = 16)
    {
        const int Side = 16;
        using var gif = new MemoryStream();
        gif.Write("GIF89a"u8);
        WriteLe16(gif, canvasWidth);
        WriteLe16(gif, canvasHeight);
        var tableBits = frames.Length <= 2 ? 1 : frames.Length <= 4 ? 2 : 3;
        gif.Write([(byte)(0x80 | (tableBits - 1)), 0, 0]); // global colour table of 2^tableBits entries
        for (var i = 0; i < 1 << tableBits; i++)
        {
            var colour = i < frames.Length ? frames[i] : SKColors.Black;
            gif.Write([colour.Red, colour.Green, colour.Blue]);
        }

        gif.Write([0x21, 0xFF, 11, .. "NETSCAPE2.0"u8, 3, 1, 0, 0, 0]);
        for (var frame = 0; frame < frames.Length; frame++)
        {
            gif.Write([0x21, 0xF9, 4, 0, 10, 0, 0, 0]); // graphic control: 0.1 s per frame
            gif.WriteByte(0x2C);
            WriteLe16(gif, 0);
            WriteLe16(gif, 0);
            WriteLe16(gif, Side);
            WriteLe16(gif, Side);
            gif.WriteByte(0);
            gif.WriteByte(2); // LZW minimum code size 2: clear = 4, end = 5, codes of 3 bits
            var codes = new List<int>();
            for (var pixel = 0; pixel < Side * Side; pixel++)
            {
                if (pixel % 2 == 0)
                {
                    codes.Add(4);
                }

                codes.Add(frame);
            }

            codes.Add(5);
            var packed = new List<byte>();
            int accumulator = 0, bits = 0;
            foreach (var code in codes)
            {
                accumulator |= code << bits;
                bits += 3;
                while (bits >= 8)
                {
                    packed.Add((byte)accumulator);
                    accumulator >>= 8;
                    bits -= 8;
                }
            }

            if (bits > 0)
            {
                packed.Add((byte)accumulator);
            }

            foreach (var block in packed.Chunk(255))
            {
                gif.WriteByte((byte)block.Length);
                gif.Write(block);
            }

            gif.WriteByte(0);
        }

        gif.WriteByte(0x3B);
        return gif.ToArray();
    }

    /// <summary>
    /// An animated WebP (VP8X with the animation flag, ANIM, one ANMF per colour). Each frame's bitstream is the
    /// ALPH/VP8/VP8L chunks SkiaSharp writes for a 16×16 solid image.
    /// </summary>
    public static byte[] AnimatedWebp(SKColor[] frames)
    {
        const int Side = 16;
        var body = new MemoryStream();
        body.Write("WEBP"u8);
        var vp8x = new byte[10];
        vp8x[0] = 0x02 | 0x10; // animation, alpha
        WriteLe24(vp8x.AsSpan(4), Side - 1);
        WriteLe24(vp8x.AsSpan(7), Side - 1);
        RiffChunk(body, "VP8X", vp8x);
        RiffChunk(body, "ANIM", [0, 0, 0, 0, 0, 0]); // background, loop forever
        foreach (var colour in frames)
        {
            var anmf = new MemoryStream();
            var header = new byte[16];
            WriteLe24(header.AsSpan(6), Side - 1);
            WriteLe24(header.AsSpan(9), Side - 1);
            WriteLe24(header.AsSpan(12), 100); // 100 ms; flags 0: blend, no dispose
            anmf.Write(header);
            anmf.Write(FrameBitstream(TestImages.Solid(colour, Side, Side, SKEncodedImageFormat.Webp)));
            RiffChunk(body, "ANMF", anmf.ToArray());
        }

        var riff = new MemoryStream();
        riff.Write("RIFF"u8);
        var size = new byte[4];
        BinaryPrimitives.WriteInt32LittleEndian(size, (int)body.Length);
        riff.Write(size);
        riff.Write(body.ToArray());
        return riff.ToArray();
    }

    // The chunks of a still WebP after "RIFF size WEBP", without VP8X: what an ANMF frame holds.
    private static byte[] FrameBitstream(byte[] webp)
    {
        var frame = new MemoryStream();
        for (var at = 12; at + 8 <= webp.Length;)
        {
            var length = BinaryPrimitives.ReadInt32LittleEndian(webp.AsSpan(at + 4));
            var padded = 8 + length + (length & 1);
            if (Encoding.ASCII.GetString(webp, at, 4) != "VP8X")
            {
                frame.Write(webp, at, padded);
            }

            at += padded;
        }

        return frame.ToArray();
    }

    private static void RiffChunk(Stream riff, string type, byte[] data)
    {
        riff.Write(Encoding.ASCII.GetBytes(type));
        var size = new byte[4];
        BinaryPrimitives.WriteInt32LittleEndian(size, data.Length);
        riff.Write(size);
        riff.Write(data);
        if ((data.Length & 1) != 0)
        {
            riff.WriteByte(0);
        }
    }

    /// <summary>
    /// A 16×16 baseline JPEG with four components (CMYK) and an Adobe APP14 marker (transform 0), stored inverted as
    /// Photoshop writes CMYK. Every 8×8 block is flat, so it has only a DC coefficient (8 × (value − 128) with a
    /// quantisation table of ones) and an end-of-block. Huffman tables: DC category k is the 4-bit code k, and
    /// the AC table has one code, "0", for end-of-block.
    /// </summary>
    public static byte[] CmykJpeg(byte cyan, byte magenta, byte yellow, byte black)
    {
        const int Side = 16;
        byte[] stored = [(byte)(255 - cyan), (byte)(255 - magenta), (byte)(255 - yellow), (byte)(255 - black)];
        using var jpeg = new MemoryStream();
        jpeg.Write([0xFF, 0xD8]);
        jpeg.Write([0xFF, 0xEE, 0, 14, .. "Adobe"u8, 0, 100, 0, 0, 0, 0, 0]);
        jpeg.Write([0xFF, 0xDB, 0, 67, 0, .. Enumerable.Repeat((byte)1, 64)]);
        jpeg.Write([0xFF, 0xC0, 0, 20, 8, 0, Side, 0, Side, 4, 1, 0x11, 0, 2, 0x11, 0, 3, 0x11, 0, 4, 0x11, 0]);
        jpeg.Write([0xFF, 0xC4, 0, 31, 0x00, 0, 0, 0, 12, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, .. Enumerable.Range(0, 12).Select(i => (byte)i)]);
        jpeg.Write([0xFF, 0xC4, 0, 20, 0x10, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
        jpeg.Write([0xFF, 0xDA, 0, 14, 4, 1, 0, 2, 0, 3, 0, 4, 0, 0, 63, 0]);
        var bits = new BitWriter(jpeg);
        var previous = new int[4];
        for (var mcu = 0; mcu < (Side / 8) * (Side / 8); mcu++)
        {
            for (var component = 0; component < 4; component++)
            {
                var dc = 8 * (stored[component] - 128);
                var diff = dc - previous[component];
                previous[component] = dc;
                var category = diff == 0 ? 0 : 32 - int.LeadingZeroCount(Math.Abs(diff));
                bits.Write(category, 4);
                bits.Write(diff >= 0 ? diff : diff + (1 << category) - 1, category);
                bits.Write(0, 1); // end of block
            }
        }

        bits.Flush();
        jpeg.Write([0xFF, 0xD9]);
        return jpeg.ToArray();
    }

    private sealed class BitWriter(Stream output)
    {
        private int _accumulator;
        private int _count;

        public void Write(int value, int length)
        {
            for (var bit = length - 1; bit >= 0; bit--)
            {
                _accumulator = (_accumulator << 1) | ((value >> bit) & 1);
                if (++_count == 8)
                {
                    Emit();
                }
            }
        }

        public void Flush()
        {
            while (_count != 0)
            {
                Write(1, 1); // pad with ones
            }
        }

        private void Emit()
        {
            output.WriteByte((byte)_accumulator);
            if (_accumulator == 0xFF)
            {
                output.WriteByte(0); // byte stuffing
            }

            _accumulator = 0;
            _count = 0;
        }
    }

    private static void WriteLe16(Stream stream, int value) => stream.Write([(byte)value, (byte)(value >> 8)]);

    private static void WriteLe24(Span<byte> target, int value)
    {
        target[0] = (byte)value;
        target[1] = (byte)(value >> 8);
        target[2] = (byte)(value >> 16);
    }
}
