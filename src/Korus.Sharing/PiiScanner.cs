using System.Text;
using System.Text.RegularExpressions;

namespace Korus.Sharing;

/// <summary>
/// Finds personal data in free text — e-mail addresses, phone numbers (international, US and Korean
/// forms), US social security numbers (valid area, group and serial) and Korean resident registration
/// numbers (a real birth date and a valid sex/century digit) — and redacts it as <c>[REDACTED:kind]</c>.
/// Texts without an '@' or a run of digits are passed over without running an expression.
/// </summary>
internal static partial class PiiScanner
{
    [GeneratedRegex(@"[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}", RegexOptions.CultureInvariant)]
    private static partial Regex Email();

    [GeneratedRegex(@"(?<![\d-])(?!000|666|9\d\d)\d{3}-(?!00)\d{2}-(?!0000)\d{4}(?![\d-])", RegexOptions.CultureInvariant)]
    private static partial Regex UsSsn();

    [GeneratedRegex(@"(?<![\d-])\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])-?[1-8]\d{6}(?![\d-])", RegexOptions.CultureInvariant)]
    private static partial Regex KrRrn();

    [GeneratedRegex(@"(?<![\w+])(?:\+\d{1,3}[ .\-]?(?:\(\d{1,4}\)|\d{1,4})(?:[ .\-]?\d{2,4}){2,3}|01[016789]-\d{3,4}-\d{4}|0\d{1,2}-\d{3,4}-\d{4}|\(\d{3}\) ?\d{3}[ .\-]\d{4}|\d{3}[.\-]\d{3}[.\-]\d{4})(?![\w-])", RegexOptions.CultureInvariant)]
    private static partial Regex Phone();

    // User accounts in text — the name only: DOMAIN\user (an upper-case NetBIOS domain, not a registry hive), C:\Users\name\..., and "user: name" / "login=name" / "account: name".
    [GeneratedRegex(@"(?<=(?<![\w\\:])(?!HK(?:LM|CU|CR|U|CC)\\)[A-Z][A-Z0-9\-]{1,14}\\)[A-Za-z0-9._$\-]{2,}(?![\w\\])|(?<=\\Users\\)[^\\\s""]+|(?<=(?i:\b(?:user(?:name)?|login|account)\s*[:=]\s*))[A-Za-z0-9._@$\-]{2,}", RegexOptions.CultureInvariant)]
    private static partial Regex UserAccount();

    /// <summary>Redacts the enabled kinds in <paramref name="text"/>; null when nothing was found.</summary>
    public static string? Redact(string text, PiiKinds kinds, ref PiiKinds found)
    {
        ArgumentNullException.ThrowIfNull(text);
        var hasAt = text.Contains('@', StringComparison.Ordinal);
        var hasDigits = HasDigitRun(text);
        var mayNameAccount = text.Contains('\\', StringComparison.Ordinal) || text.Contains(':', StringComparison.Ordinal) || text.Contains('=', StringComparison.Ordinal);
        if (!hasAt && !hasDigits && !mayNameAccount)
        {
            return null;
        }

        var result = text;
        var any = false;
        if (mayNameAccount && (kinds & PiiKinds.UserAccount) != 0)
        {
            result = Replace(UserAccount(), result, "user-account", PiiKinds.UserAccount, ref found, ref any);
        }

        if (hasAt && (kinds & PiiKinds.Email) != 0)
        {
            result = Replace(Email(), result, "email", PiiKinds.Email, ref found, ref any);
        }

        if (hasDigits)
        {
            // Most specific first, so an SSN or RRN is not taken for a phone number.
            if ((kinds & PiiKinds.KrRrn) != 0)
            {
                result = Replace(KrRrn(), result, "kr-rrn", PiiKinds.KrRrn, ref found, ref any);
            }

            if ((kinds & PiiKinds.UsSsn) != 0)
            {
                result = Replace(UsSsn(), result, "us-ssn", PiiKinds.UsSsn, ref found, ref any);
            }

            if ((kinds & PiiKinds.Phone) != 0)
            {
                result = Replace(Phone(), result, "phone", PiiKinds.Phone, ref found, ref any);
            }
        }

        return any ? result : null;
    }

    private static string Replace(Regex regex, string text, string kind, PiiKinds flag, ref PiiKinds found, ref bool any)
    {
        if (!regex.IsMatch(text))
        {
            return text;
        }

        found |= flag;
        any = true;
        return regex.Replace(text, $"[REDACTED:{kind}]");
    }

    // Phone numbers, SSNs and RRNs all have a run of at least three digits.
    private static bool HasDigitRun(string text)
    {
        var run = 0;
        foreach (var c in text)
        {
            run = char.IsAsciiDigit(c) ? run + 1 : 0;
            if (run >= 3)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The kind names in <paramref name="kinds"/>, for reasons.</summary>
    public static string Describe(PiiKinds kinds)
    {
        var names = new StringBuilder();
        for (var i = 0; i < SharingPolicy.PiiKindNames.Count; i++)
        {
            if (((int)kinds & (1 << i)) != 0)
            {
                names.Append(names.Length == 0 ? "" : ", ").Append(SharingPolicy.PiiKindNames[i]);
            }
        }

        return names.ToString();
    }
}
