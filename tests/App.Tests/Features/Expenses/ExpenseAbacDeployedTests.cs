using App.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace App.Tests.Features.Expenses;

/// <summary>The flavor set outright: <c>Auther:Flavor=Deployed</c> with the documented admin API key.</summary>
public sealed class DeployedFlavorFixture() : ApiFixture(new() { Settings = { ["Auther:Flavor"] = "Deployed" } });

/// <summary>The flavor left on Auto, which a session-cookie admin mode resolves to Deployed.</summary>
public sealed class CookieAdminFixture() : ApiFixture(new()
{
    Settings = { ["Auther:AdminAuth"] = "SessionCookie", ["Auther:AdminSessionToken"] = "service-admin-session-token" },
});

/// <summary>
/// Deployed Auther's check-permission judges only its own caller (the app's service admin), never the approver:
/// asking it would answer about the wrong user. An approval that needs ABAC is refused without asking.
/// </summary>
public abstract class ExpenseAbacDeployedTests(ApiFixture api)
{
    private const string CheckPermission = "/api/auth/check-permission";

    [Fact]
    public async Task Approve_NeedingAbac_Returns403AbacUnsupported_WithoutAskingCheckPermission()
    {
        var s = await ExpenseScenario.CreateAsync(api, new() { ["expense"] = ["approve"] });
        api.Auther.Options.ExpenseApprovalLimits[s.AdminId] = 1_000m;
        var id = await s.ExpenseAsync(20m);
        var asked = api.Auther.RequestCount(CheckPermission);

        using var response = await s.ApproveAsync(id);

        (await ProblemAssert.IsProblemAsync(response, 403)).GetProperty("code").GetString().ShouldBe("abac_unsupported");
        api.Auther.RequestCount(CheckPermission).ShouldBe(asked);
        await using var db = api.CreateDbContext();
        (await db.Expenses.SingleAsync(e => e.Id == id)).Status.ShouldBe(App.Data.Expenses.ExpenseStatus.Submitted);
    }
}

public sealed class ExpenseAbacFlavorDeployedTests(DeployedFlavorFixture api)
    : ExpenseAbacDeployedTests(api), IClassFixture<DeployedFlavorFixture>;

public sealed class ExpenseAbacAutoCookieAdminTests(CookieAdminFixture api)
    : ExpenseAbacDeployedTests(api), IClassFixture<CookieAdminFixture>;
