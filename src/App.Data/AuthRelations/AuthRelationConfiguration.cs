using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace App.Data.AuthRelations;

public sealed class AuthRelationConfiguration : IEntityTypeConfiguration<AuthRelation>
{
    public void Configure(EntityTypeBuilder<AuthRelation> builder)
    {
        builder.HasKey(r => r.TupleId);
        builder.Property(r => r.TupleId).HasMaxLength(TextLimits.Identifier);
        builder.Property(r => r.SubjectType).HasMaxLength(32);
        builder.Property(r => r.SubjectId).HasMaxLength(TextLimits.Identifier);
        builder.Property(r => r.EntityType).HasMaxLength(100);
        builder.Property(r => r.EntityId).HasMaxLength(TextLimits.Identifier);
        builder.Property(r => r.Relation).HasMaxLength(100);
        builder.Property(r => r.HasCondition).HasDefaultValue(false);
        builder.HasIndex(r => new { r.EntityType, r.EntityId, r.Relation });
        builder.HasIndex(r => new { r.SubjectType, r.SubjectId });
    }
}
