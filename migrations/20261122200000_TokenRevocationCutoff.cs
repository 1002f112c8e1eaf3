using App.Data;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace App.Migrations;

/// <summary>Per-user revocation: tokens issued before the cut-off are refused (jti-less tokens can only be revoked so).</summary>
[DbContext(typeof(AppDbContext))]
[Migration("20261122200000_TokenRevocationCutoff")]
public sealed class TokenRevocationCutoff : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder) =>
        migrationBuilder.AddColumn<DateTimeOffset>(
            name: "tokens_revoked_before",
            table: "users",
            type: "timestamp with time zone",
            nullable: true);

    protected override void Down(MigrationBuilder migrationBuilder) =>
        migrationBuilder.DropColumn(name: "tokens_revoked_before", table: "users");
}
