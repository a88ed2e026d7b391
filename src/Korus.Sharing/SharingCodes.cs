namespace Korus.Sharing;

/// <summary>Stable codes of sharing policy findings and of the rules behind sharing decisions.</summary>
public static class SharingCodes
{
#pragma warning disable CS1591 // The names say what each code is for.
    public const string PolicySyntax = "sharing-policy.syntax";
    public const string PolicyMissing = "sharing-policy.missing";
    public const string PolicyUnknown = "sharing-policy.unknown-field";
    public const string PolicyType = "sharing-policy.wrong-type";
    public const string PolicyValue = "sharing-policy.bad-value";

    public const string TlpPasses = "tlp.passes";
    public const string TlpAmberNamed = "tlp.amber-named";
    public const string TlpRed = "tlp.red";
    public const string TlpAmberStrict = "tlp.amber-strict";
    public const string TlpAmberNotNamed = "tlp.amber-not-named";
    public const string NotReleasable = "releasability.not-releasable";
    public const string PiiObject = "pii.object";
    public const string PiiRedacted = "pii.redacted";
    public const string PiiWithheld = "pii.withheld";
    public const string GranularRemoved = "granular.removed";
    public const string GranularRequired = "granular.required";
    public const string ClosureWithheld = "closure.ref-withheld";
    public const string ClosureReduced = "closure.refs-reduced";
    public const string ClosureEmpty = "closure.refs-empty";
    public const string Invalid = "object.invalid";
#pragma warning restore CS1591
}
