using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace App.Data.Sync;

public sealed class SyncWatermarkConfiguration : IEntityTypeConfiguration<SyncWatermark>
{
    public void Configure(EntityTypeBuilder<SyncWatermark> builder)
    {
        builder.HasKey(w => w.Name);
        builder.Property(w => w.Name).HasMaxLength(SyncWatermark.NameMaxLength);
    }
}
