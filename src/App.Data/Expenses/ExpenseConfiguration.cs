using App.Data.Organizations;
using App.Data.Users;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace App.Data.Expenses;

public sealed class ExpenseConfiguration : IEntityTypeConfiguration<Expense>
{
    public void Configure(EntityTypeBuilder<Expense> builder)
    {
        builder.HasKey(e => e.Id);
        builder.Property(e => e.SubmittedBy).HasMaxLength(User.IdMaxLength);
        builder.Property(e => e.DecidedBy).HasMaxLength(User.IdMaxLength);
        builder.Property(e => e.SubmitterName).HasMaxLength(TextLimits.PersonName);
        builder.Property(e => e.Amount).HasPrecision(18, 2);
        builder.Property(e => e.Currency).HasMaxLength(3).IsFixedLength();
        builder.Property(e => e.Description).HasMaxLength(TextLimits.Description);
        builder.Property(e => e.DecisionReason).HasMaxLength(TextLimits.Description);
        builder.Property(e => e.Status).HasMaxLength(16).HasConversion(
            s => s.ToString().ToLowerInvariant(),
            s => Enum.Parse<ExpenseStatus>(s, true));
        builder.Property(e => e.Version).IsRowVersion().HasColumnName("xmin");

        builder.HasOne<Organization>().WithMany().HasForeignKey(e => e.OrganizationId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<User>().WithMany().HasForeignKey(e => e.SubmittedBy).OnDelete(DeleteBehavior.SetNull);
        builder.HasOne<User>().WithMany().HasForeignKey(e => e.DecidedBy).OnDelete(DeleteBehavior.SetNull);
        builder.HasIndex(e => new { e.OrganizationId, e.CreatedAt });
        builder.HasIndex(e => e.SubmittedBy);
        builder.HasIndex(e => e.DecidedBy);
        builder.ToTable(t =>
        {
            t.HasCheckConstraint("ck_expenses_status", "status IN ('draft', 'submitted', 'approved', 'rejected')");
            t.HasCheckConstraint("ck_expenses_amount", "amount > 0");
        });
    }
}
