using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace App.Data.RateLimits;

public sealed class RateLimitWindowConfiguration : IEntityTypeConfiguration<RateLimitWindow>
{
    public void Configure(EntityTypeBuilder<RateLimitWindow> builder)
    {
        builder.HasKey(w => new { w.Key, w.WindowStart });
        builder.Property(w => w.Key).HasMaxLength(RateLimitWindow.KeyMaxLength);
        builder.HasIndex(w => w.WindowStart);
    }
}
