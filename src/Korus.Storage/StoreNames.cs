namespace Korus.Storage;

/// <summary>What the store accepts as collection ids, aliases and user names.</summary>
public static class StoreNames
{
    private const int MaxLength = 100;

    /// <summary>Null when <paramref name="value"/> is a usable collection id or alias, else the reason it is not.</summary>
    public static string? CheckCollectionId(string? value, string what = "collection id") => Check(value, what, "-_.");

    /// <summary>Null when <paramref name="value"/> is a usable user name, else the reason it is not.</summary>
    public static string? CheckUserName(string? value) => Check(value, "user name", "-_.@");

    private static string? Check(string? value, string what, string extra)
    {
        if (string.IsNullOrEmpty(value))
        {
            return $"The {what} is empty.";
        }

        if (value.Length > MaxLength)
        {
            return $"The {what} is {value.Length} characters long; at most {MaxLength} are allowed.";
        }

        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (!char.IsAsciiLetterOrDigit(c) && !extra.Contains(c, StringComparison.Ordinal))
            {
                return $"The {what} '{value}' has '{c}' at position {i + 1}; only ASCII letters, digits and '{extra}' are allowed.";
            }
        }

        return value == CollectionRight.AnyCollection ? $"'*' is not a {what}." : null;
    }
}
