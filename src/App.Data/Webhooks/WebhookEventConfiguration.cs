using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace App.Data.Webhooks;

public sealed class WebhookEventConfiguration : IEntityTypeConfiguration<WebhookEvent>
{
    public void Configure(EntityTypeBuilder<WebhookEvent> builder)
    {
        builder.HasKey(e => e.MessageId);
        builder.Property(e => e.MessageId).HasMaxLength(TextLimits.Identifier);
        builder.Property(e => e.Type).HasMaxLength(100);
        builder.Property(e => e.Status).HasMaxLength(16);
        builder.Property(e => e.Format).HasMaxLength(16);
        builder.Property(e => e.EventId).HasMaxLength(TextLimits.Identifier);
        builder.Property(e => e.LastError).HasMaxLength(WebhookEvent.LastErrorMaxLength);
        builder.Property(e => e.UserId).HasMaxLength(TextLimits.Identifier);
        builder.HasIndex(e => e.ReceivedAt);
        builder.HasIndex(e => new { e.Status, e.ReceivedAt });
        builder.HasIndex(e => e.UserId);
    }
}
