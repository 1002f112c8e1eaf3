using App.Data;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace App.Migrations;

/// <summary>Devices each user has signed in from, so the "new device" notification fires once per device.</summary>
[DbContext(typeof(AppDbContext))]
[Migration("20261122100100_KnownDevices")]
public sealed class KnownDevices : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder) =>
        migrationBuilder.CreateTable(
            name: "known_devices",
            columns: table => new
            {
                user_id = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false),
                device_hash = table.Column<string>(type: "character(64)", fixedLength: true, maxLength: 64, nullable: false),
                first_seen_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                last_seen_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("pk_known_devices", x => new { x.user_id, x.device_hash });
                table.ForeignKey("fk_known_devices_users_user_id", x => x.user_id, "users", "id", onDelete: ReferentialAction.Cascade);
            });

    protected override void Down(MigrationBuilder migrationBuilder) => migrationBuilder.DropTable("known_devices");
}
