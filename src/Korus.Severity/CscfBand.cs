namespace Korus.Severity;

/// <summary>A score band: scores from <see cref="From"/> (inclusive) to <see cref="To"/> (exclusive, except 100) give <see cref="Level"/>.</summary>
/// <param name="Level">The CSCF level, 1 to 5.</param>
/// <param name="Name">The level's name (minimal, low, significant, severe, critical in the default policy).</param>
/// <param name="From">The lowest score in the band.</param>
/// <param name="To">The first score above the band (100 for the top band, which includes 100).</param>
public sealed record CscfBand(int Level, string Name, double From, double To);
