using System.Collections.Frozen;
using System.Text;

namespace Korus.Patterning.Unicode;

/// <summary>
/// Unicode Normalization Form C, self-contained: .NET's <see cref="string.Normalize()"/> does nothing
/// under invariant globalization, which Korus runs with, and LIKE and MATCHES must compare NFC text.
/// Canonical decomposition (Hangul algorithmically), canonical ordering, then canonical composition,
/// from tables generated out of the Unicode Character Database (NfcData.g.cs).
/// </summary>
internal static class Nfc
{
    private const int SBase = 0xAC00, LBase = 0x1100, VBase = 0x1161, TBase = 0x11A7;
    private const int LCount = 19, VCount = 21, TCount = 28, NCount = VCount * TCount, SCount = LCount * NCount;

    private static readonly FrozenDictionary<int, (int First, int Second)> Decompositions = BuildDecompositions();
    private static readonly FrozenDictionary<long, int> Compositions = BuildCompositions();

    /// <summary><paramref name="text"/> in NFC; the same instance when it has nothing that could change.</summary>
    public static string Normalize(string text)
    {
        ArgumentNullException.ThrowIfNull(text);

        // Below U+0300 there are no combining marks and nothing to compose with, so such text is NFC.
        if (!text.AsSpan().ContainsAnyInRange('\u0300', '\uFFFF'))
        {
            return text;
        }

        var code = new List<int>(text.Length + 8);
        foreach (var rune in text.EnumerateRunes())
        {
            Decompose(rune.Value, code);
        }

        Reorder(code);
        Compose(code);
        var builder = new StringBuilder(code.Count);
        foreach (var c in code)
        {
            builder.Append(new Rune(c).ToString());
        }

        return builder.ToString();
    }

    /// <summary>The canonical combining class of <paramref name="c"/> (0 for starters).</summary>
    public static int CombiningClass(int c)
    {
        var table = NfcData.CombiningClasses;
        int lo = 0, hi = (table.Length / 3) - 1;
        while (lo <= hi)
        {
            var mid = (lo + hi) >>> 1;
            if (c < table[mid * 3])
            {
                hi = mid - 1;
            }
            else if (c > table[(mid * 3) + 1])
            {
                lo = mid + 1;
            }
            else
            {
                return table[(mid * 3) + 2];
            }
        }

        return 0;
    }

    private static void Decompose(int c, List<int> into)
    {
        if (c is >= SBase and < SBase + SCount)
        {
            var s = c - SBase;
            into.Add(LBase + (s / NCount));
            into.Add(VBase + (s % NCount / TCount));
            if (s % TCount != 0)
            {
                into.Add(TBase + (s % TCount));
            }

            return;
        }

        if (Decompositions.TryGetValue(c, out var d))
        {
            Decompose(d.First, into);
            if (d.Second != 0)
            {
                Decompose(d.Second, into);
            }

            return;
        }

        into.Add(c);
    }

    /// <summary>Stable sort of each run of non-starters by combining class.</summary>
    private static void Reorder(List<int> code)
    {
        for (var i = 1; i < code.Count; i++)
        {
            var cc = CombiningClass(code[i]);
            if (cc == 0)
            {
                continue;
            }

            var j = i;
            while (j > 0 && CombiningClass(code[j - 1]) > cc)
            {
                (code[j - 1], code[j]) = (code[j], code[j - 1]);
                j--;
            }
        }
    }

    private static void Compose(List<int> code)
    {
        if (code.Count == 0)
        {
            return;
        }

        var starter = 0;
        var starterIsStarter = CombiningClass(code[0]) == 0;
        var lastClass = starterIsStarter ? 0 : 256;
        var write = 1;
        for (var read = 1; read < code.Count; read++)
        {
            var c = code[read];
            var cc = CombiningClass(c);
            if (starterIsStarter && (lastClass < cc || (lastClass == 0 && write == starter + 1)) && TryCompose(code[starter], c, out var composite))
            {
                code[starter] = composite;
                continue;
            }

            if (cc == 0)
            {
                starter = write;
                starterIsStarter = true;
                lastClass = 0;
            }
            else
            {
                lastClass = cc;
            }

            code[write++] = c;
        }

        code.RemoveRange(write, code.Count - write);
    }

    private static bool TryCompose(int first, int second, out int composite)
    {
        if (first is >= LBase and < LBase + LCount && second is >= VBase and < VBase + VCount)
        {
            composite = SBase + (((first - LBase) * VCount) + (second - VBase)) * TCount;
            return true;
        }

        if (first is >= SBase and < SBase + SCount && (first - SBase) % TCount == 0 && second is > TBase and < TBase + TCount)
        {
            composite = first + (second - TBase);
            return true;
        }

        return Compositions.TryGetValue(((long)first << 21) | (uint)second, out composite);
    }

    private static FrozenDictionary<int, (int, int)> BuildDecompositions()
    {
        var table = NfcData.Decompositions;
        var map = new Dictionary<int, (int, int)>(table.Length / 3);
        for (var i = 0; i < table.Length; i += 3)
        {
            map[table[i]] = (table[i + 1], table[i + 2]);
        }

        return map.ToFrozenDictionary();
    }

    private static FrozenDictionary<long, int> BuildCompositions()
    {
        var table = NfcData.Compositions;
        var map = new Dictionary<long, int>(table.Length / 3);
        for (var i = 0; i < table.Length; i += 3)
        {
            map[((long)table[i] << 21) | (uint)table[i + 1]] = table[i + 2];
        }

        return map.ToFrozenDictionary();
    }
}
