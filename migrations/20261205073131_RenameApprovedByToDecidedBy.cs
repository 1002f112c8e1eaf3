using Microsoft.EntityFrameworkCore.Migrations;

namespace App.Migrations;

/// <summary>
/// The decider column of <c>expenses</c> holds approvers and rejecters alike: <c>approved_by</c> becomes
/// <c>decided_by</c>, the name the code and the API use. A rename, so every decision already recorded stays;
/// its index and foreign key follow the column's name (the key is dropped and added again, since PostgreSQL's
/// constraint rename has no EF operation; the values are not touched).
/// </summary>
public sealed partial class RenameApprovedByToDecidedBy : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropForeignKey(
            name: "fk_expenses_users_approved_by",
            table: "expenses");

        migrationBuilder.RenameColumn(
            name: "approved_by",
            table: "expenses",
            newName: "decided_by");

        migrationBuilder.RenameIndex(
            name: "ix_expenses_approved_by",
            table: "expenses",
            newName: "ix_expenses_decided_by");

        migrationBuilder.AddForeignKey(
            name: "fk_expenses_users_decided_by",
            table: "expenses",
            column: "decided_by",
            principalTable: "users",
            principalColumn: "id",
            onDelete: ReferentialAction.SetNull);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropForeignKey(
            name: "fk_expenses_users_decided_by",
            table: "expenses");

        migrationBuilder.RenameColumn(
            name: "decided_by",
            table: "expenses",
            newName: "approved_by");

        migrationBuilder.RenameIndex(
            name: "ix_expenses_decided_by",
            table: "expenses",
            newName: "ix_expenses_approved_by");

        migrationBuilder.AddForeignKey(
            name: "fk_expenses_users_approved_by",
            table: "expenses",
            column: "approved_by",
            principalTable: "users",
            principalColumn: "id",
            onDelete: ReferentialAction.SetNull);
    }
}
