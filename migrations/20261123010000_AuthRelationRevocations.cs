using App.Data;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace App.Migrations;

/// <summary>
/// Revokes leave a trace (tuple id, revoke time) so that a grant event older than the revoke cannot
/// bring the grant back into the mirror; purged with the webhook inbox's retention.
/// </summary>
[DbContext(typeof(AppDbContext))]
[Migration("20261123010000_AuthRelationRevocations")]
public sealed class AuthRelationRevocations : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "auth_relation_revocations",
            columns: table => new
            {
                tuple_id = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false),
                revoked_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                recorded_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
            },
            constraints: table => table.PrimaryKey("pk_auth_relation_revocations", x => x.tuple_id));
        migrationBuilder.CreateIndex("ix_auth_relation_revocations_recorded_at", "auth_relation_revocations", "recorded_at");
    }

    protected override void Down(MigrationBuilder migrationBuilder) => migrationBuilder.DropTable("auth_relation_revocations");
}
