namespace App.Data.Notifications;

public sealed class Notification
{
    public Guid Id { get; set; }
    public required string UserId { get; set; }

    /// <summary>Set when the notification belongs to one organization's context.</summary>
    public Guid? OrganizationId { get; set; }
    public required string Type { get; set; }
    public required string Title { get; set; }
    public string? Body { get; set; }

    /// <summary>Free-form JSON the client renders (device, ip, links...).</summary>
    public string? Data { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? ReadAt { get; set; }
}
