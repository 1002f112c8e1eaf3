using Microsoft.EntityFrameworkCore.Migrations;

namespace App.Migrations;

/// <summary>
/// When Auther's state last set a user's role: a token issued before it no longer decides its caller's role (a
/// demoted admin's older token loses its admin powers). Existing rows start without one, as if only tokens had
/// stated their role; the next poll or event that states it records it.
/// </summary>
public sealed partial class RoleSetAt : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.AddColumn<DateTimeOffset>(
            name: "role_set_at",
            table: "users",
            type: "timestamp with time zone",
            nullable: true);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropColumn(
            name: "role_set_at",
            table: "users");
    }
}
