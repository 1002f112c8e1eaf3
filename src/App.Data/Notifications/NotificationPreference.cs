namespace App.Data.Notifications;

/// <summary>Per user and notification type: which channels may carry it. No row means every channel is on.</summary>
public sealed class NotificationPreference
{
    public required string UserId { get; set; }
    public required string Type { get; set; }
    public bool InApp { get; set; } = true;
    public bool Push { get; set; } = true;
    public bool Email { get; set; } = true;
    public DateTimeOffset UpdatedAt { get; set; }
}
