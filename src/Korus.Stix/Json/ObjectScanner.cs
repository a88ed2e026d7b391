using System.Buffers;

namespace Korus.Stix.Json;

/// <summary>
/// Finds where a JSON object ends without tokenising it: it follows strings (and their escapes) and the
/// nesting of braces and brackets, nothing else. Whoever parses the object later checks its syntax.
/// </summary>
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
        var depth = 0;
        var i = 0;
        while (true)
        {
            var next = span[i..].IndexOfAny(Structural);
            if (next < 0)
            {
                return 0;
            }

            i += next;
            switch (span[i])
            {
                case (byte)'"':
                    i++;
                    while (true)
                    {
                        var end = span[i..].IndexOfAny(StringEnd);
                        if (end < 0)
                        {
                            return 0;
                        }

                        i += end;
                        if (span[i] == (byte)'"')
                        {
                            i++;
                            break;
                        }

                        // A backslash: the byte after it is escaped (a quote or another backslash among them).
                        i += 2;
                        if (i >= span.Length)
                        {
                            return 0;
                        }
                    }

                    continue;
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
