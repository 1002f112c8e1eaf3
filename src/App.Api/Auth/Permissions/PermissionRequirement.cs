using Microsoft.AspNetCore.Authorization;

namespace App.Api.Auth.Permissions;

/// <summary>The one kind of requirement every named policy has: "the caller holds this permission".</summary>
public sealed record PermissionRequirement(string Permission) : IAuthorizationRequirement;
