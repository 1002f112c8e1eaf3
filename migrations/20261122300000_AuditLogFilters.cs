using App.Data;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace App.Migrations;

/// <summary>The admin audit list filters by subject ("what happened to expense X") and by impersonator.</summary>
[DbContext(typeof(AppDbContext))]
[Migration("20261122300000_AuditLogFilters")]
public sealed class AuditLogFilters : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateIndex("ix_audit_logs_subject", "audit_logs", "subject");
        migrationBuilder.CreateIndex("ix_audit_logs_impersonator_id", "audit_logs", "impersonator_id");
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropIndex("ix_audit_logs_impersonator_id", "audit_logs");
        migrationBuilder.DropIndex("ix_audit_logs_subject", "audit_logs");
    }
}
