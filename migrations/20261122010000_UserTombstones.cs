using App.Data;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace App.Migrations;

/// <summary>Deleted users stay deleted: JIT provisioning checks this before recreating a row.</summary>
[DbContext(typeof(AppDbContext))]
[Migration("20261122010000_UserTombstones")]
public sealed class UserTombstones : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder) =>
        migrationBuilder.CreateTable(
            name: "user_tombstones",
            columns: table => new
            {
                user_id = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false),
                deleted_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                event_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
            },
            constraints: table => table.PrimaryKey("pk_user_tombstones", x => x.user_id));

    protected override void Down(MigrationBuilder migrationBuilder) => migrationBuilder.DropTable("user_tombstones");
}
