using App.Data;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace App.Migrations;

/// <summary>Rate-limit budgets counted in the shared database, so that instances behind a load balancer agree.</summary>
[DbContext(typeof(AppDbContext))]
[Migration("20261123020000_RateLimitWindows")]
public sealed class RateLimitWindows : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "rate_limit_windows",
            columns: table => new
            {
                key = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                window_start = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                used = table.Column<int>(type: "integer", nullable: false),
            },
            constraints: table => table.PrimaryKey("pk_rate_limit_windows", x => new { x.key, x.window_start }));
        migrationBuilder.CreateIndex("ix_rate_limit_windows_window_start", "rate_limit_windows", "window_start");
    }

    protected override void Down(MigrationBuilder migrationBuilder) => migrationBuilder.DropTable("rate_limit_windows");
}
