namespace Korus.Severity;

/// <summary>Stable codes of severity findings (assessments, CSCF policies, escalation policies).</summary>
public static class SeverityCodes
{
#pragma warning disable CS1591 // The names say what each code is for.
    public const string Json = "cscf.json";
    public const string WrongType = "cscf.wrong-type";
    public const string UnknownField = "cscf.unknown-field";
    public const string MissingFactor = "cscf.missing-factor";
    public const string UnknownOption = "cscf.unknown-option";
    public const string BadValue = "cscf.bad-value";
    public const string PolicyMissing = "cscf-policy.missing";
    public const string PolicyUnknown = "cscf-policy.unknown-field";
    public const string PolicyWeight = "cscf-policy.non-positive-weight";
    public const string PolicyValue = "cscf-policy.value-out-of-range";
    public const string PolicyUnknownOption = "cscf-policy.unknown-option";
    public const string PolicyMissingOption = "cscf-policy.missing-option";
    public const string PolicyBands = "cscf-policy.bands";
    public const string PolicyBandOverlap = "cscf-policy.band-overlap";
    public const string PolicyBandGap = "cscf-policy.band-gap";
    public const string PolicyFloor = "cscf-policy.floor";
    public const string PolicyNotMonotone = "cscf-policy.not-monotone";
    public const string PolicyType = "cscf-policy.wrong-type";
    public const string PolicySyntax = "cscf-policy.syntax";
    public const string EscalationMissing = "escalation-policy.missing";
    public const string EscalationUnknown = "escalation-policy.unknown-field";
    public const string EscalationType = "escalation-policy.wrong-type";
    public const string EscalationValue = "escalation-policy.bad-value";
#pragma warning restore CS1591
}
