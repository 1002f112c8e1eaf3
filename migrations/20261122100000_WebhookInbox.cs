using App.Data;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace App.Migrations;

/// <summary>
/// The webhook inbox keeps what an operator needs to understand and replay an event: its format, the
/// envelope's id and timestamp (the ordering key), the raw payload, the attempts and the last error.
/// </summary>
[DbContext(typeof(AppDbContext))]
[Migration("20261122100000_WebhookInbox")]
public sealed class WebhookInbox : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        // Rows written before this migration get placeholder values; the defaults are dropped right
        // after so that every new row states them explicitly, as the model says.
        migrationBuilder.AddColumn<string>("format", "webhook_events", type: "character varying(16)", maxLength: 16, nullable: false, defaultValue: "unknown");
        migrationBuilder.AddColumn<string>("event_id", "webhook_events", type: "character varying(255)", maxLength: 255, nullable: true);
        migrationBuilder.AddColumn<DateTimeOffset>("event_at", "webhook_events", type: "timestamp with time zone", nullable: true);
        migrationBuilder.AddColumn<string>("payload", "webhook_events", type: "text", nullable: false, defaultValue: "");
        migrationBuilder.AddColumn<int>("attempts", "webhook_events", type: "integer", nullable: false, defaultValue: 0);
        migrationBuilder.AddColumn<string>("last_error", "webhook_events", type: "character varying(2000)", maxLength: 2000, nullable: true);
        migrationBuilder.Sql("""
            ALTER TABLE webhook_events
                ALTER COLUMN format DROP DEFAULT,
                ALTER COLUMN payload DROP DEFAULT,
                ALTER COLUMN attempts DROP DEFAULT;
            """);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        foreach (var column in new[] { "format", "event_id", "event_at", "payload", "attempts", "last_error" })
        {
            migrationBuilder.DropColumn(column, "webhook_events");
        }
    }
}
