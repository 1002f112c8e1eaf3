using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace App.Data.AuthRelations;

public sealed class AuthRelationRevocationConfiguration : IEntityTypeConfiguration<AuthRelationRevocation>
{
    public void Configure(EntityTypeBuilder<AuthRelationRevocation> builder)
    {
        builder.HasKey(r => r.TupleId);
        builder.Property(r => r.TupleId).HasMaxLength(TextLimits.Identifier);
        builder.HasIndex(r => r.RecordedAt);
    }
}
