using Auther.Dev.Json;

namespace Auther.Dev.Users;

/// <summary>The <c>data</c> of the <c>user.*</c> events, field for field as the contract's catalogue lists them.</summary>
internal static class UserEvents
{
    public static Dictionary<string, object?> Created(UserAccount user)
    {
        var data = new Dictionary<string, object?>
        {
            ["id"] = user.Id,
            ["email"] = user.Email,
            ["name"] = user.Name,
            ["emailVerified"] = user.EmailVerified,
        };
        if (user.Image is not null)
        {
            data["image"] = user.Image;
        }

        data["createdAt"] = AutherJson.Iso(user.CreatedAt);
        return data;
    }

    /// <summary>A profile change carries the profile; an admin edit adds the admin fields.</summary>
    public static Dictionary<string, object?> Updated(UserAccount user, bool adminEdit)
    {
        var data = new Dictionary<string, object?>
        {
            ["id"] = user.Id,
            ["email"] = user.Email,
            ["name"] = user.Name,
            ["emailVerified"] = user.EmailVerified,
            ["updatedAt"] = AutherJson.Iso(user.UpdatedAt),
        };
        if (adminEdit)
        {
            data["image"] = user.Image;
            data["role"] = user.Role;
            data["banned"] = user.Banned;
            data["banReason"] = user.BanReason;
            data["banExpires"] = user.BanExpires is { } expires ? AutherJson.Iso(expires) : null;
            data["username"] = user.Username;
        }

        return data;
    }

    public static Dictionary<string, object?> Deleted(string userId) => new() { ["id"] = userId };
}
