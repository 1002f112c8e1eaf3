using App.Data;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace App.Migrations;

/// <summary>
/// Deployed Auther announces no other user's changes and never a deletion: the poll's shared watermark, and
/// the mark that blocks a user reconciliation found gone from Auther while keeping their data.
/// </summary>
[DbContext(typeof(AppDbContext))]
[Migration("20261126160000_UserSync")]
public sealed class UserSync : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.AddColumn<DateTimeOffset>(
            name: "missing_since",
            table: "users",
            type: "timestamp with time zone",
            nullable: true);
        migrationBuilder.CreateTable(
            name: "sync_watermarks",
            columns: table => new
            {
                name = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                watermark = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                advanced_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
            },
            constraints: table => table.PrimaryKey("pk_sync_watermarks", x => x.name));
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropTable("sync_watermarks");
        migrationBuilder.DropColumn(name: "missing_since", table: "users");
    }
}
