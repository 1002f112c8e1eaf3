namespace App.Api.OpenApi;

/// <summary>
/// Schema names a reader recognises: <c>ExpenseResponsePage</c> rather than
/// <c>PagedList`1[[App.Api.Features.Expenses.ExpenseResponse, App.Api, Version=1.0.0.0, ...]]</c>.
/// Swashbuckle refuses two types with one name, so a clash fails the document test instead of hiding.
/// </summary>
public static class SchemaIds
{
    public static string For(Type type)
    {
        if (!type.IsGenericType)
        {
            return type.IsNested ? For(type.DeclaringType!) + type.Name : type.Name;
        }

        var name = type.Name[..type.Name.IndexOf('`', StringComparison.Ordinal)];
        var arguments = string.Concat(type.GetGenericArguments().Select(For));
        // PagedList<T> reads best as "T page"; other generics as "NameOfT".
        return name == "PagedList" ? arguments + "Page" : name + "Of" + arguments;
    }
}
