namespace Korus.Storage;

/// <summary>An API key of a user: the public key id and a hash of its secret part.</summary>
/// <param name="KeyId">The public part, used to find the key.</param>
/// <param name="UserName">The user the key acts as.</param>
/// <param name="SecretHash">The secret part, hashed with <see cref="SecretHasher"/>.</param>
/// <param name="Label">What the key is for.</param>
/// <param name="CreatedAt">When it was created (microseconds since the Unix epoch).</param>
public sealed record ApiKeyRecord(string KeyId, string UserName, string SecretHash, string? Label, long CreatedAt);
