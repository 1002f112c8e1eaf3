using App.Data;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace App.Migrations;

/// <summary>
/// Each inbox row names the user its event is about, so that deleting the user can scrub the payloads
/// that hold their e-mail and name. Rows written before this migration have no user and keep their
/// payload until the retention purge.
/// </summary>
[DbContext(typeof(AppDbContext))]
[Migration("20261123000000_WebhookEventUser")]
public sealed class WebhookEventUser : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.AddColumn<string>("user_id", "webhook_events", type: "character varying(255)", maxLength: 255, nullable: true);
        migrationBuilder.CreateIndex("ix_webhook_events_user_id", "webhook_events", "user_id");
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropIndex("ix_webhook_events_user_id", "webhook_events");
        migrationBuilder.DropColumn("user_id", "webhook_events");
    }
}
