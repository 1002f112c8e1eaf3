using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace App.Web.Data;

/// <summary>For <c>dotnet ef migrations add ... --project src/App.Web</c>: the model needs no live database.</summary>
public sealed class WebDesignTimeDbContextFactory : IDesignTimeDbContextFactory<WebDbContext>
{
    public WebDbContext CreateDbContext(string[] args)
    {
        var options = new DbContextOptionsBuilder<WebDbContext>();
        WebDbContext.Configure(options, "Host=localhost;Database=app;Username=postgres");
        return new WebDbContext(options.Options);
    }
}
