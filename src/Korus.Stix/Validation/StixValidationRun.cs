using Korus.Stix.Json;

namespace Korus.Stix.Validation;

/// <summary>
/// The outcome of validating a whole STIX input as a stream: counts, and the findings about the input
/// as a whole. Per-object findings go to the caller's callback as each object is validated, so memory
/// does not grow with the input.
/// </summary>
public sealed class StixValidationRun
{
    private StixValidationRun()
    {
    }

    /// <summary>What the input's top level was.</summary>
    public StixContainerKind Container { get; private set; }

    /// <summary>How many elements were read (objects and non-objects).</summary>
    public long Objects { get; private set; }

    /// <summary>How many elements had at least one error.</summary>
    public long InvalidObjects { get; private set; }

    /// <summary>Errors over all objects and the input as a whole.</summary>
    public long Errors { get; private set; }

    /// <summary>Warnings over all objects and the input as a whole.</summary>
    public long Warnings { get; private set; }

    /// <summary>Bytes of input read.</summary>
    public long Bytes { get; private set; }

    /// <summary>Findings about the input as a whole (JSON syntax, the bundle's own properties).</summary>
    public IReadOnlyList<Finding> InputFindings { get; private set; } = [];

    /// <summary>True when reading stopped early at a syntax error or a limit.</summary>
    public bool Aborted { get; private set; }

    /// <summary>True when nothing had an error.</summary>
    public bool IsValid => Errors == 0;

    internal static StixValidationRun Execute(StixValidator validator, Stream stream, Action<StixObjectSlice, IReadOnlyList<Finding>>? onObject)
    {
        var run = new StixValidationRun();
        using var reader = new StixStreamReader(stream, validator.Options.Limits);
        var findings = new List<Finding>();
        while (reader.TryRead(out var slice))
        {
            findings.Clear();
            if (slice.Problem is not null)
            {
                findings.Add(slice.Problem);
            }
            else
            {
                validator.Validate(slice.Json, slice.Path, findings, slice.Line, slice.Column);
            }

            run.Count(findings);
            onObject?.Invoke(slice, findings);
        }

        run.Container = reader.Container;
        run.Bytes = reader.BytesConsumed;
        run.Aborted = reader.Aborted;
        run.InputFindings = reader.Findings;
        foreach (var finding in reader.Findings)
        {
            if (finding.IsError)
            {
                run.Errors++;
            }
            else
            {
                run.Warnings++;
            }
        }

        return run;
    }

    private void Count(List<Finding> findings)
    {
        Objects++;
        var invalid = false;
        foreach (var finding in findings)
        {
            if (finding.IsError)
            {
                Errors++;
                invalid = true;
            }
            else
            {
                Warnings++;
            }
        }

        if (invalid)
        {
            InvalidObjects++;
        }
    }
}
