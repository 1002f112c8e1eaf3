namespace App.Api.Auth.ShadowUsers;

/// <summary>The caller's shadow row for this request, as the identity middleware resolved it.</summary>
public sealed record ShadowUserFeature(ShadowUser User);
