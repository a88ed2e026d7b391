namespace Korus.Severity;

/// <summary>How the two nations respond to an incident.</summary>
public enum ResponseMode
{
    /// <summary>Each nation handles its own part.</summary>
    Independent = 0,

    /// <summary>Information is shared; each nation acts separately.</summary>
    Coordinated = 1,

    /// <summary>The pre-authorised joint response.</summary>
    Joint = 2,
}

/// <summary>Wire names of <see cref="ResponseMode"/>.</summary>
public static class ResponseModes
{
    /// <summary>independent, coordinated or joint.</summary>
    public static string Name(ResponseMode mode) => mode switch
    {
        ResponseMode.Independent => "independent",
        ResponseMode.Coordinated => "coordinated",
        _ => "joint",
    };

    /// <summary>The mode with this wire name.</summary>
    public static bool TryParse(string? name, out ResponseMode mode)
    {
        switch (name)
        {
            case "independent":
                mode = ResponseMode.Independent;
                return true;
            case "coordinated":
                mode = ResponseMode.Coordinated;
                return true;
            case "joint":
                mode = ResponseMode.Joint;
                return true;
            default:
                mode = default;
                return false;
        }
    }
}
