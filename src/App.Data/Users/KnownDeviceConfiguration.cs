using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace App.Data.Users;

public sealed class KnownDeviceConfiguration : IEntityTypeConfiguration<KnownDevice>
{
    public void Configure(EntityTypeBuilder<KnownDevice> builder)
    {
        builder.HasKey(d => new { d.UserId, d.DeviceHash });
        builder.Property(d => d.UserId).HasMaxLength(User.IdMaxLength);
        builder.Property(d => d.DeviceHash).HasMaxLength(64).IsFixedLength();
        builder.HasOne<User>().WithMany().HasForeignKey(d => d.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}
