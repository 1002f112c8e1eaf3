using App.Data.Users;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace App.Data.Organizations;

public sealed class OrganizationConfiguration : IEntityTypeConfiguration<Organization>
{
    public void Configure(EntityTypeBuilder<Organization> builder)
    {
        builder.HasKey(o => o.Id);
        builder.Property(o => o.Slug).HasMaxLength(100);
        builder.Property(o => o.Name).HasMaxLength(200);
        builder.Property(o => o.CreatedBy).HasMaxLength(User.IdMaxLength);
        builder.HasIndex(o => o.Slug).IsUnique().HasDatabaseName("ux_organizations_slug");
        builder.HasOne<User>().WithMany().HasForeignKey(o => o.CreatedBy).OnDelete(DeleteBehavior.SetNull);
        builder.HasIndex(o => o.CreatedBy);
    }
}
