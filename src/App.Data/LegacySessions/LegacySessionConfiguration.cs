using App.Data.Users;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace App.Data.LegacySessions;

public sealed class LegacySessionConfiguration : IEntityTypeConfiguration<LegacySession>
{
    public void Configure(EntityTypeBuilder<LegacySession> builder)
    {
        builder.HasKey(s => s.TokenHash);
        builder.Property(s => s.TokenHash).HasMaxLength(64).IsFixedLength();
        builder.Property(s => s.UserId).HasMaxLength(User.IdMaxLength);
        builder.HasOne<User>().WithMany().HasForeignKey(s => s.UserId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(s => s.UserId);
        builder.HasIndex(s => s.ExpiresAt);
    }
}
