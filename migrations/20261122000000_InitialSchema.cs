using App.Data;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace App.Migrations;

/// <summary>The monolith's schema as it stood when identity moved to Auther.</summary>
[DbContext(typeof(AppDbContext))]
[Migration("20261122000000_InitialSchema")]
public sealed class InitialSchema : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "users",
            columns: table => new
            {
                id = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false),
                email = table.Column<string>(type: "character varying(320)", maxLength: 320, nullable: true),
                name = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: true),
                image = table.Column<string>(type: "text", nullable: true),
                email_verified = table.Column<bool>(type: "boolean", nullable: false, defaultValue: false),
                role = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: true),
                banned = table.Column<bool>(type: "boolean", nullable: false, defaultValue: false),
                ban_reason = table.Column<string>(type: "text", nullable: true),
                ban_expires = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                last_seen_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                last_event_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
            },
            constraints: table => table.PrimaryKey("pk_users", x => x.id));

        migrationBuilder.CreateTable(
            name: "audit_logs",
            columns: table => new
            {
                id = table.Column<long>(type: "bigint", nullable: false)
                    .Annotation("Npgsql:ValueGenerationStrategy", Npgsql.EntityFrameworkCore.PostgreSQL.Metadata.NpgsqlValueGenerationStrategy.IdentityAlwaysColumn),
                actor_id = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false),
                impersonator_id = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: true),
                actor_email = table.Column<string>(type: "character varying(320)", maxLength: 320, nullable: true),
                actor_name = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: true),
                action = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                subject = table.Column<string>(type: "character varying(512)", maxLength: 512, nullable: true),
                details = table.Column<string>(type: "jsonb", nullable: true),
                ip = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
            },
            constraints: table => table.PrimaryKey("pk_audit_logs", x => x.id));

        migrationBuilder.CreateTable(
            name: "auth_relations",
            columns: table => new
            {
                tuple_id = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false),
                subject_type = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                subject_id = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false),
                entity_type = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                entity_id = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false),
                relation = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                has_condition = table.Column<bool>(type: "boolean", nullable: false, defaultValue: false),
                updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
            },
            constraints: table => table.PrimaryKey("pk_auth_relations", x => x.tuple_id));

        migrationBuilder.CreateTable(
            name: "revoked_tokens",
            columns: table => new
            {
                jti = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false),
                user_id = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: true),
                expires_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                revoked_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
            },
            constraints: table => table.PrimaryKey("pk_revoked_tokens", x => x.jti));

        migrationBuilder.CreateTable(
            name: "webhook_events",
            columns: table => new
            {
                message_id = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false),
                type = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                received_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                processed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
            },
            constraints: table => table.PrimaryKey("pk_webhook_events", x => x.message_id));

        migrationBuilder.CreateTable(
            name: "legacy_sessions",
            columns: table => new
            {
                token_hash = table.Column<string>(type: "character(64)", fixedLength: true, maxLength: 64, nullable: false),
                user_id = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false),
                created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                expires_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("pk_legacy_sessions", x => x.token_hash);
                table.ForeignKey("fk_legacy_sessions_users_user_id", x => x.user_id, "users", "id", onDelete: ReferentialAction.Cascade);
            });

        migrationBuilder.CreateTable(
            name: "notification_preferences",
            columns: table => new
            {
                user_id = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false),
                type = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                in_app = table.Column<bool>(type: "boolean", nullable: false),
                push = table.Column<bool>(type: "boolean", nullable: false),
                email = table.Column<bool>(type: "boolean", nullable: false),
                updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("pk_notification_preferences", x => new { x.user_id, x.type });
                table.ForeignKey("fk_notification_preferences_users_user_id", x => x.user_id, "users", "id", onDelete: ReferentialAction.Cascade);
            });

        migrationBuilder.CreateTable(
            name: "organizations",
            columns: table => new
            {
                id = table.Column<Guid>(type: "uuid", nullable: false),
                slug = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                created_by = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: true),
                created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("pk_organizations", x => x.id);
                table.ForeignKey("fk_organizations_users_created_by", x => x.created_by, "users", "id", onDelete: ReferentialAction.SetNull);
            });

        migrationBuilder.CreateTable(
            name: "push_tokens",
            columns: table => new
            {
                id = table.Column<Guid>(type: "uuid", nullable: false),
                user_id = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false),
                token = table.Column<string>(type: "character varying(4096)", maxLength: 4096, nullable: false),
                platform = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("pk_push_tokens", x => x.id);
                table.ForeignKey("fk_push_tokens_users_user_id", x => x.user_id, "users", "id", onDelete: ReferentialAction.Cascade);
            });

        migrationBuilder.CreateTable(
            name: "expenses",
            columns: table => new
            {
                id = table.Column<Guid>(type: "uuid", nullable: false),
                organization_id = table.Column<Guid>(type: "uuid", nullable: false),
                submitted_by = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: true),
                submitter_name = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: true),
                approved_by = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: true),
                amount = table.Column<decimal>(type: "numeric(18,2)", precision: 18, scale: 2, nullable: false),
                currency = table.Column<string>(type: "character(3)", fixedLength: true, maxLength: 3, nullable: false),
                description = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                decision_reason = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                decided_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
            },
            constraints: table =>
            {
                table.PrimaryKey("pk_expenses", x => x.id);
                table.CheckConstraint("ck_expenses_amount", "amount > 0");
                table.CheckConstraint("ck_expenses_status", "status IN ('draft', 'submitted', 'approved', 'rejected')");
                table.ForeignKey("fk_expenses_organizations_organization_id", x => x.organization_id, "organizations", "id", onDelete: ReferentialAction.Cascade);
                table.ForeignKey("fk_expenses_users_approved_by", x => x.approved_by, "users", "id", onDelete: ReferentialAction.SetNull);
                table.ForeignKey("fk_expenses_users_submitted_by", x => x.submitted_by, "users", "id", onDelete: ReferentialAction.SetNull);
            });

        migrationBuilder.CreateTable(
            name: "members",
            columns: table => new
            {
                id = table.Column<Guid>(type: "uuid", nullable: false),
                organization_id = table.Column<Guid>(type: "uuid", nullable: false),
                user_id = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false),
                role = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("pk_members", x => x.id);
                table.CheckConstraint("ck_members_role", "role IN ('owner', 'admin', 'member')");
                table.ForeignKey("fk_members_organizations_organization_id", x => x.organization_id, "organizations", "id", onDelete: ReferentialAction.Cascade);
                table.ForeignKey("fk_members_users_user_id", x => x.user_id, "users", "id", onDelete: ReferentialAction.Cascade);
            });

        migrationBuilder.CreateTable(
            name: "notifications",
            columns: table => new
            {
                id = table.Column<Guid>(type: "uuid", nullable: false),
                user_id = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false),
                organization_id = table.Column<Guid>(type: "uuid", nullable: true),
                type = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                title = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                body = table.Column<string>(type: "text", nullable: true),
                data = table.Column<string>(type: "jsonb", nullable: true),
                created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                read_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
            },
            constraints: table =>
            {
                table.PrimaryKey("pk_notifications", x => x.id);
                table.ForeignKey("fk_notifications_organizations_organization_id", x => x.organization_id, "organizations", "id", onDelete: ReferentialAction.Cascade);
                table.ForeignKey("fk_notifications_users_user_id", x => x.user_id, "users", "id", onDelete: ReferentialAction.Cascade);
            });

        migrationBuilder.CreateIndex("ix_audit_logs_action_created_at", "audit_logs", ["action", "created_at"]);
        migrationBuilder.CreateIndex("ix_audit_logs_actor_id_created_at", "audit_logs", ["actor_id", "created_at"]);
        migrationBuilder.CreateIndex("ix_audit_logs_created_at", "audit_logs", "created_at");
        migrationBuilder.CreateIndex("ix_auth_relations_entity_type_entity_id_relation", "auth_relations", ["entity_type", "entity_id", "relation"]);
        migrationBuilder.CreateIndex("ix_auth_relations_subject_type_subject_id", "auth_relations", ["subject_type", "subject_id"]);
        migrationBuilder.CreateIndex("ix_expenses_approved_by", "expenses", "approved_by");
        migrationBuilder.CreateIndex("ix_expenses_organization_id_created_at", "expenses", ["organization_id", "created_at"]);
        migrationBuilder.CreateIndex("ix_expenses_submitted_by", "expenses", "submitted_by");
        migrationBuilder.CreateIndex("ix_legacy_sessions_expires_at", "legacy_sessions", "expires_at");
        migrationBuilder.CreateIndex("ix_legacy_sessions_user_id", "legacy_sessions", "user_id");
        migrationBuilder.CreateIndex("ix_members_user_id", "members", "user_id");
        migrationBuilder.CreateIndex("ux_members_organization_id_user_id", "members", ["organization_id", "user_id"], unique: true);
        migrationBuilder.CreateIndex("ix_notifications_organization_id", "notifications", "organization_id");
        migrationBuilder.CreateIndex("ix_notifications_user_id_created_at", "notifications", ["user_id", "created_at"]);
        migrationBuilder.CreateIndex("ix_organizations_created_by", "organizations", "created_by");
        migrationBuilder.CreateIndex("ux_organizations_slug", "organizations", "slug", unique: true);
        migrationBuilder.CreateIndex("ix_push_tokens_user_id", "push_tokens", "user_id");
        migrationBuilder.CreateIndex("ux_push_tokens_token", "push_tokens", "token", unique: true);
        migrationBuilder.CreateIndex("ix_revoked_tokens_expires_at", "revoked_tokens", "expires_at");
        migrationBuilder.CreateIndex("ix_users_email", "users", "email");
        migrationBuilder.CreateIndex("ix_webhook_events_received_at", "webhook_events", "received_at");
        migrationBuilder.CreateIndex("ix_webhook_events_status_received_at", "webhook_events", ["status", "received_at"]);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        string[] tables =
        [
            "notifications", "members", "expenses", "push_tokens", "organizations", "notification_preferences",
            "legacy_sessions", "webhook_events", "revoked_tokens", "auth_relations", "audit_logs", "users",
        ];
        foreach (var table in tables)
        {
            migrationBuilder.DropTable(table);
        }
    }
}
