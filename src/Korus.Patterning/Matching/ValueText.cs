namespace Korus.Patterning.Matching;

/// <summary>
/// What LIKE and MATCHES work out about one value, kept while several comparisons test it: whether
/// its bytes are ASCII, and its text (NFC). Start from <c>default</c> for each value.
/// </summary>
internal struct ValueText
{
    private string? _text;
    private byte _ascii; // 0 unknown, 1 ASCII, 2 not

    public bool IsAscii(in ScalarValue value)
    {
        if (_ascii == 0)
        {
            _ascii = System.Text.Ascii.IsValid(value.Utf8) ? (byte)1 : (byte)2;
        }

        return _ascii == 1;
    }

    public string Text(in ScalarValue value) => _text ??= LikeMatcher.Text(value);

    private byte[]? _lacks;

    /// <summary>Whether the value's bytes lack <paramref name="literal"/>; the last literal found missing is remembered (patterns often share one).</summary>
    public bool Lacks(in ScalarValue value, byte[] literal)
    {
        if (_lacks is not null && (ReferenceEquals(_lacks, literal) || _lacks.AsSpan().SequenceEqual(literal)))
        {
            return true;
        }

        if (value.Utf8.IndexOf(literal) >= 0)
        {
            return false;
        }

        _lacks = literal;
        return true;
    }
}
