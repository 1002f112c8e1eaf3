using Microsoft.EntityFrameworkCore.Migrations;

namespace App.Migrations;

/// <summary>
/// When the app first saw a user in Auther: reconciliation blocks (or deletes) only users it has seen there and
/// Auther no longer lists, never a legacy user who was not imported yet. Existing rows that hold Auther's state
/// (<c>last_event_at</c> is set only when an event, the poll, a reconciliation or an admin action answered by
/// Auther was applied) count as seen at that time; the others (legacy rows, rows provisioned from tokens and not
/// confirmed by Auther since) start unseen, and the next poll, event or reconciliation listing that shows them
/// marks them.
/// </summary>
public sealed partial class SeenInAuther : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.AddColumn<DateTimeOffset>(
            name: "seen_in_auther_at",
            table: "users",
            type: "timestamp with time zone",
            nullable: true);
        migrationBuilder.Sql("UPDATE users SET seen_in_auther_at = last_event_at WHERE last_event_at IS NOT NULL");
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropColumn(
            name: "seen_in_auther_at",
            table: "users");
    }
}
