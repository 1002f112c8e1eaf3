using App.Data.Users;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace App.Data.Organizations;

public sealed class MemberConfiguration : IEntityTypeConfiguration<Member>
{
    public void Configure(EntityTypeBuilder<Member> builder)
    {
        builder.HasKey(m => m.Id);
        builder.Property(m => m.UserId).HasMaxLength(User.IdMaxLength);
        builder.Property(m => m.Role).HasMaxLength(32);
        builder.HasOne(m => m.Organization).WithMany(o => o.Members)
            .HasForeignKey(m => m.OrganizationId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<User>().WithMany().HasForeignKey(m => m.UserId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(m => new { m.OrganizationId, m.UserId }).IsUnique().HasDatabaseName("ux_members_organization_id_user_id");
        builder.HasIndex(m => m.UserId);
        builder.ToTable(t => t.HasCheckConstraint("ck_members_role", "role IN ('owner', 'admin', 'member')"));
    }
}
