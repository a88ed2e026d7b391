using System.Text;
using Korus.Stix.Json;
using Korus.Stix.Validation;
using Xunit;
using static Korus.Stix.Tests.Reading.BundleText;

namespace Korus.Stix.Tests.Reading;

/// <summary>The bad inputs, through the streaming reader and the validator: a finding, never a crash.</summary>
public sealed class BadInputTests
{
    [Fact]
    public void A_ten_megabyte_string_is_reported_and_the_next_object_read()
    {
        var huge = new string('a', 10 * 1024 * 1024);
        var input = Head + Identity(1, $",\"description\":\"{huge}\"") + "," + Identity(2) + "]}";
        var findings = new List<(int Index, Finding Finding)>();
        var run = new StixValidator().ValidateStream(new MemoryStream(Encoding.UTF8.GetBytes(input)), (slice, found) => findings.AddRange(found.Select(f => (slice.Index, f))));

        Assert.Equal(2, run.Objects);
        Assert.Equal(1, run.InvalidObjects);
        var (index, finding) = Assert.Single(findings);
        Assert.Equal(0, index);
        Assert.Equal(FindingCodes.LimitStringLength, finding.Code);
        Assert.Equal("$.objects[0].description", finding.Path);
        Assert.Contains("MaxStringBytes", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_object_over_the_size_limit_is_skipped_and_reading_goes_on()
    {
        var limits = new StixReaderOptions { MaxObjectBytes = 4096 };
        var big = Identity(1, $",\"description\":\"{new string('b', 8000)}\"");
        var input = Head + Identity(0) + "," + big + "," + Identity(2) + "]}";
        using var reader = new StixStreamReader(new MemoryStream(Encoding.UTF8.GetBytes(input)), limits);
        var slices = new List<(int Index, bool Problem, string? Code)>();
        while (reader.TryRead(out var slice))
        {
            slices.Add((slice.Index, slice.Problem is not null, slice.Problem?.Code));
        }

        Assert.Equal([(0, false, null), (1, true, FindingCodes.LimitObjectSize), (2, false, null)], slices);
        Assert.False(reader.Aborted);
    }

    [Fact]
    public void Nesting_deeper_than_the_limit_is_reported()
    {
        var deep = Identity(1, ",\"x_deep\":" + new string('[', 80) + new string(']', 80));
        var run = new StixValidator().ValidateStream(new MemoryStream(Encoding.UTF8.GetBytes(Head + deep + "]}")));
        Assert.False(run.IsValid);
        Assert.Contains(run.InputFindings, f => f.Code == FindingCodes.LimitDepth && f.Message.Contains("64", StringComparison.Ordinal));
    }

    [Fact]
    public void Invalid_utf8_in_one_object_leaves_the_others_valid()
    {
        var bytes = Encoding.UTF8.GetBytes(Head + Identity(0) + "," + Identity(1, ",\"description\":\"AB\"") + "," + Identity(2) + "]}");
        var at = Encoding.UTF8.GetString(bytes).IndexOf("\"AB\"", StringComparison.Ordinal) + 1;
        bytes[at] = 0xC3;
        bytes[at + 1] = 0x28;
        var invalid = new List<int>();
        var run = new StixValidator().ValidateStream(new MemoryStream(bytes), (slice, found) =>
        {
            if (found.Any(f => f.IsError))
            {
                invalid.Add(slice.Index);
                Assert.Contains(found, f => f.Code == FindingCodes.Json && f.Message.Contains("UTF-8", StringComparison.Ordinal));
            }
        });
        Assert.Equal(3, run.Objects);
        Assert.Equal([1], invalid);
    }

    [Theory]
    [InlineData("42")]
    [InlineData("\"an object was expected\"")]
    [InlineData("[1, \"two\", null]")]
    public void Non_objects_are_findings_not_crashes(string input)
    {
        var run = new StixValidator().ValidateStream(new MemoryStream(Encoding.UTF8.GetBytes(input)));
        Assert.False(run.IsValid);
        Assert.True(run.Errors >= 1);
    }

    [Fact]
    public void A_million_objects_stream_in_bounded_memory()
    {
        const int count = 1_000_000;
        using var stream = new GeneratedBundleStream(count);
        using var reader = new StixStreamReader(stream);
        var read = 0;
        var lastIndex = -1;
        while (reader.TryRead(out var slice))
        {
            Assert.Null(slice.Problem);
            Assert.Equal(lastIndex + 1, slice.Index);
            lastIndex = slice.Index;
            read++;
        }

        Assert.Equal(count, read);
        Assert.False(reader.Aborted);
        Assert.Empty(reader.Findings);
        Assert.Equal(stream.Produced, reader.BytesConsumed);
        // Far more input than the reader ever holds: it streams.
        Assert.True(stream.Produced > 40_000_000);
    }

    [Fact]
    public void One_byte_per_read_gives_the_same_slices()
    {
        var text = Head + "\n  " + Identity(0) + ",\n" + Identity(1, ",\"description\":\"caf\u00e9 \\u00e9 \\\"q\\\"\"") + "\n ,  " + Identity(2) + "\n]}";
        var bytes = Encoding.UTF8.GetBytes(text);
        var normal = Slices(new MemoryStream(bytes));
        var trickle = Slices(new TrickleStream(bytes));
        Assert.Equal(3, normal.Count);
        Assert.Equal(normal, trickle);
        Assert.Equal((2L, 3L), (normal[0].Line, normal[0].Column));
        Assert.Equal((3L, 1L), (normal[1].Line, normal[1].Column));
        Assert.Equal((4L, 5L), (normal[2].Line, normal[2].Column));
        // Bytes are exactly the input's.
        Assert.Equal(Identity(1, ",\"description\":\"caf\u00e9 \\u00e9 \\\"q\\\"\""), normal[1].Json);
    }

    private static List<(string Json, long Line, long Column, int Index)> Slices(Stream stream)
    {
        using var reader = new StixStreamReader(stream);
        var list = new List<(string, long, long, int)>();
        while (reader.TryRead(out var slice))
        {
            list.Add((Encoding.UTF8.GetString(slice.Json.Span), slice.Line, slice.Column, slice.Index));
        }

        Assert.Empty(reader.Findings);
        return list;
    }

    /// <summary>Returns one byte per read.</summary>
    private sealed class TrickleStream(byte[] data) : Stream
    {
        private int _position;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => _position; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            if (_position >= data.Length || buffer.IsEmpty)
            {
                return 0;
            }

            buffer[0] = data[_position++];
            return 1;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    /// <summary>Produces a bundle of <c>count</c> small objects on the fly, never holding it.</summary>
    private sealed class GeneratedBundleStream(int count) : Stream
    {
        private readonly byte[] _head = Encoding.UTF8.GetBytes(Head);
        private readonly byte[] _tail = "]}"u8.ToArray();
        private byte[] _pending = [];
        private int _pendingOffset;
        private int _next = -1;

        public long Produced { get; private set; }

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => Produced; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            if (_pendingOffset >= _pending.Length && !Refill())
            {
                return 0;
            }

            var n = Math.Min(buffer.Length, _pending.Length - _pendingOffset);
            _pending.AsSpan(_pendingOffset, n).CopyTo(buffer);
            _pendingOffset += n;
            Produced += n;
            return n;
        }

        private bool Refill()
        {
            _pendingOffset = 0;
            if (_next == -1)
            {
                _pending = _head;
            }
            else if (_next < count)
            {
                _pending = Encoding.UTF8.GetBytes((_next > 0 ? "," : "") + Identity(_next));
            }
            else if (_next == count)
            {
                _pending = _tail;
            }
            else
            {
                _pending = [];
                return false;
            }

            _next++;
            return true;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
