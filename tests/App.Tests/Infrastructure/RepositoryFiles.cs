namespace App.Tests.Infrastructure;

/// <summary>The repository's own files, for tests that read the source (architecture rules, secret comparisons).</summary>
public static class RepositoryFiles
{
    /// <summary>The folder holding App.sln, found upwards from the test binaries.</summary>
    public static string Root { get; } = FindRoot();

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "App.sln")))
            {
                return directory.FullName;
            }
        }

        throw new DirectoryNotFoundException("No App.sln above " + AppContext.BaseDirectory);
    }
}
