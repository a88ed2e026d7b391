using System.Buffers;
using System.Numerics;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Korus.Stix.Json;

/// <summary>
/// Finds where a JSON object ends without tokenising it: it follows strings (and their escapes) and the
/// nesting of braces and brackets, nothing else. Whoever parses the object later checks its syntax.
/// </summary>
/// <remarks>
/// Where the processor has 256-bit vectors, 32 bytes are classified at a time into bit masks (quotes,
/// backslashes, openers, closers) and only the marked bytes are visited; the rest of the input, and
/// machines without vectors, take the byte-search path.
/// </remarks>
internal static class ObjectScanner
{
    private static readonly SearchValues<byte> Structural = SearchValues.Create("\"{}[]"u8);
    private static readonly SearchValues<byte> StringEnd = SearchValues.Create("\"\\"u8);

    /// <summary>
    /// The length of the object or array that starts at <paramref name="span"/>[0]; 0 when its end is not
    /// in <paramref name="span"/>, -1 when it nests deeper than <paramref name="maxDepth"/>.
    /// </summary>
    public static int Length(ReadOnlySpan<byte> span, int maxDepth)
    {
        if (!Vector256.IsHardwareAccelerated)
        {
            return Search(span, 0, 0, false, maxDepth);
        }

        var depth = 0;
        var inString = false;
        var i = 0;
        ref var start = ref MemoryMarshal.GetReference(span);
        while (i <= span.Length - Vector256<byte>.Count)
        {
            var block = Vector256.LoadUnsafe(ref start, (nuint)i);
            var quotes = Vector256.Equals(block, Vector256.Create((byte)'"')).ExtractMostSignificantBits();
            var escapes = Vector256.Equals(block, Vector256.Create((byte)'\\')).ExtractMostSignificantBits();
            var opens = (Vector256.Equals(block, Vector256.Create((byte)'{')) | Vector256.Equals(block, Vector256.Create((byte)'['))).ExtractMostSignificantBits();
            var closes = (Vector256.Equals(block, Vector256.Create((byte)'}')) | Vector256.Equals(block, Vector256.Create((byte)']'))).ExtractMostSignificantBits();
            var marks = quotes | escapes | opens | closes;
            var next = i + Vector256<byte>.Count;
            while (marks != 0)
            {
                var at = BitOperations.TrailingZeroCount(marks);
                var bit = 1u << at;
                marks &= marks - 1;
                if (inString)
                {
                    if ((escapes & bit) != 0)
                    {
                        // The byte after a backslash is escaped (a quote or another backslash among them):
                        // carry on after it, with the next block starting there.
                        next = i + at + 2;
                        break;
                    }

                    inString = (quotes & bit) == 0;
                }
                else if ((quotes & bit) != 0)
                {
                    inString = true;
                }
                else if ((opens & bit) != 0)
                {
                    if (++depth > maxDepth)
                    {
                        return -1;
                    }
                }
                else if ((closes & bit) != 0 && --depth == 0)
                {
                    return i + at + 1;
                }
            }

            i = next;
        }

        return Search(span, i, depth, inString, maxDepth);
    }

    /// <summary>The same scan by byte search, from <paramref name="i"/> with the given state.</summary>
    internal static int Search(ReadOnlySpan<byte> span, int i, int depth, bool inString, int maxDepth)
    {
        while (true)
        {
            if (i >= span.Length)
            {
                return 0;
            }

            if (inString)
            {
                var end = span[i..].IndexOfAny(StringEnd);
                if (end < 0)
                {
                    return 0;
                }

                i += end;
                inString = span[i] != (byte)'"';

                // Past the closing quote, or past a backslash and the byte it escapes.
                i += inString ? 2 : 1;
                continue;
            }

            var next = span[i..].IndexOfAny(Structural);
            if (next < 0)
            {
                return 0;
            }

            i += next;
            switch (span[i])
            {
                case (byte)'"':
                    inString = true;
                    break;
                case (byte)'{' or (byte)'[':
                    if (++depth > maxDepth)
                    {
                        return -1;
                    }

                    break;
                default:
                    if (--depth == 0)
                    {
                        return i + 1;
                    }

                    break;
            }

            i++;
        }
    }
}
