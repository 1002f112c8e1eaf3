using App.Data.Users;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace App.Data.AuditLogs;

public sealed class AuditLogConfiguration : IEntityTypeConfiguration<AuditLog>
{
    public void Configure(EntityTypeBuilder<AuditLog> builder)
    {
        builder.HasKey(a => a.Id);
        builder.Property(a => a.Id).UseIdentityAlwaysColumn();
        builder.Property(a => a.ActorId).HasMaxLength(User.IdMaxLength);
        builder.Property(a => a.ImpersonatorId).HasMaxLength(User.IdMaxLength);
        builder.Property(a => a.ActorEmail).HasMaxLength(TextLimits.Email);
        builder.Property(a => a.ActorName).HasMaxLength(TextLimits.PersonName);
        builder.Property(a => a.Action).HasMaxLength(100);
        builder.Property(a => a.Subject).HasMaxLength(TextLimits.Subject);
        builder.Property(a => a.Details).HasColumnType("jsonb");
        builder.Property(a => a.Ip).HasMaxLength(64);
        builder.HasIndex(a => new { a.ActorId, a.CreatedAt });
        builder.HasIndex(a => new { a.Action, a.CreatedAt });
        builder.HasIndex(a => a.CreatedAt);
        builder.HasIndex(a => a.Subject);
        builder.HasIndex(a => a.ImpersonatorId);
    }
}
