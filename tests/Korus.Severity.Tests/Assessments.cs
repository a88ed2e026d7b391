using Korus.Severity;

namespace Korus.Severity.Tests;

/// <summary>Builds assessments for tests from option names in factor order.</summary>
internal static class Assessments
{
    public static CscfAssessment Of(params string[] options)
    {
        var map = new Dictionary<CscfFactor, string>();
        for (var i = 0; i < options.Length; i++)
        {
            map[(CscfFactor)i] = options[i];
        }

        return CscfAssessment.Create(map);
    }

    public static CscfAssessment Least() => CscfAssessment.FromIndexes(new int[CscfVocabulary.FactorCount]);

    public static CscfAssessment Most()
    {
        var indexes = new int[CscfVocabulary.FactorCount];
        foreach (var factor in CscfVocabulary.Factors)
        {
            indexes[(int)factor] = CscfVocabulary.Options(factor).Count - 1;
        }

        return CscfAssessment.FromIndexes(indexes);
    }

    public static string Json(string? replaceFactor = null, string? value = null, string extra = "")
    {
        var members = new List<string>();
        var defaults = new[] { "none", "none", "regular", "prepare", "business-dmz", "unknown", "none", "none", "one-nation" };
        foreach (var factor in CscfVocabulary.Factors)
        {
            var name = CscfVocabulary.Name(factor);
            if (name == replaceFactor)
            {
                if (value is not null)
                {
                    members.Add($"\"{name}\": {value}");
                }

                continue;
            }

            members.Add($"\"{name}\": \"{defaults[(int)factor]}\"");
        }

        return "{" + string.Join(", ", members) + extra + "}";
    }
}
