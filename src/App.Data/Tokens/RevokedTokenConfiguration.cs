using App.Data.Users;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace App.Data.Tokens;

public sealed class RevokedTokenConfiguration : IEntityTypeConfiguration<RevokedToken>
{
    public void Configure(EntityTypeBuilder<RevokedToken> builder)
    {
        builder.HasKey(t => t.Jti);
        builder.Property(t => t.Jti).HasMaxLength(TextLimits.Identifier);
        // No foreign key: a deny-list entry must never block (or be cascaded by) a user's deletion.
        builder.Property(t => t.UserId).HasMaxLength(User.IdMaxLength);
        builder.HasIndex(t => t.ExpiresAt);
    }
}
