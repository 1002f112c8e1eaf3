namespace App.Data.Notifications;

public sealed class PushToken
{
    public Guid Id { get; set; }
    public required string UserId { get; set; }
    public required string Token { get; set; }

    /// <summary>ios, android or web.</summary>
    public required string Platform { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}
