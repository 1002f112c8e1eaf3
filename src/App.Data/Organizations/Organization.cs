namespace App.Data.Organizations;

public sealed class Organization
{
    public Guid Id { get; set; }
    public required string Slug { get; set; }
    public required string Name { get; set; }
    public string? CreatedBy { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public List<Member> Members { get; } = [];
}
