using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace App.Data.Users;

public sealed class UserConfiguration : IEntityTypeConfiguration<User>
{
    public void Configure(EntityTypeBuilder<User> builder)
    {
        builder.HasKey(u => u.Id);
        builder.Property(u => u.Id).HasMaxLength(User.IdMaxLength);
        builder.Property(u => u.Email).HasMaxLength(TextLimits.Email);
        builder.Property(u => u.Name).HasMaxLength(TextLimits.PersonName);
        builder.Property(u => u.Role).HasMaxLength(TextLimits.Identifier);
        builder.Property(u => u.EmailVerified).HasDefaultValue(false);
        builder.Property(u => u.Banned).HasDefaultValue(false);
        // Not unique: Auther owns uniqueness, and out-of-order events may briefly show two rows one address.
        builder.HasIndex(u => u.Email);
    }
}
