namespace Korus.Storage;

/// <summary>The actions the audit log records.</summary>
public static class AuditActions
{
    /// <summary>An object version was stored.</summary>
    public const string ObjectAdd = "object.add";

    /// <summary>An object version was deleted.</summary>
    public const string ObjectDelete = "object.delete";

    /// <summary>A collection was created.</summary>
    public const string CollectionCreate = "collection.create";

    /// <summary>A collection was removed, with its objects.</summary>
    public const string CollectionRemove = "collection.remove";

    /// <summary>A user was added or replaced.</summary>
    public const string UserAdd = "user.add";

    /// <summary>A user was removed.</summary>
    public const string UserRemove = "user.remove";

    /// <summary>An API key was created.</summary>
    public const string ApiKeyAdd = "apikey.add";

    /// <summary>A partner was added or replaced.</summary>
    public const string PartnerAdd = "partner.add";

    /// <summary>A node setting was set or changed.</summary>
    public const string SettingSet = "setting.set";

    /// <summary>A partner was removed.</summary>
    public const string PartnerRemove = "partner.remove";

    /// <summary>An escalation notice was recorded (sent or received).</summary>
    public const string EscalationRecord = "escalation.record";

    /// <summary>An escalation notice was acknowledged.</summary>
    public const string EscalationAcknowledge = "escalation.acknowledge";
}
