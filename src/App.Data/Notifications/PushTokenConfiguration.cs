using App.Data.Users;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace App.Data.Notifications;

public sealed class PushTokenConfiguration : IEntityTypeConfiguration<PushToken>
{
    public void Configure(EntityTypeBuilder<PushToken> builder)
    {
        builder.HasKey(p => p.Id);
        builder.Property(p => p.UserId).HasMaxLength(User.IdMaxLength);
        builder.Property(p => p.Token).HasMaxLength(4096);
        builder.Property(p => p.Platform).HasMaxLength(16);
        builder.HasOne<User>().WithMany().HasForeignKey(p => p.UserId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(p => p.Token).IsUnique().HasDatabaseName("ux_push_tokens_token");
        builder.HasIndex(p => p.UserId);
    }
}
