using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace App.Data.Users;

public sealed class UserTombstoneConfiguration : IEntityTypeConfiguration<UserTombstone>
{
    public void Configure(EntityTypeBuilder<UserTombstone> builder)
    {
        builder.HasKey(t => t.UserId);
        builder.Property(t => t.UserId).HasMaxLength(User.IdMaxLength);
    }
}
