using System.Text.Json;
using Auther.Dev.Json;

namespace Auther.Dev.State;

/// <summary>
/// The in-memory state, guarded by one lock, written to the state file after every change (temp file +
/// rename, so a crash never leaves half a file). A change made by another process (the <c>rotate-key</c>
/// verb while <c>serve</c> runs) is picked up by <see cref="ReloadIfChangedOnDisk"/>.
/// </summary>
internal sealed class StateStore
{
    private readonly string? _path;
    private DateTime _lastSeenWrite;

    private StateStore(string? path, StateDocument document)
    {
        _path = path;
        Document = document;
        _lastSeenWrite = LastWrite();
    }

    public Lock Gate { get; } = new();

    /// <summary>Read and change only while holding <see cref="Gate"/>.</summary>
    public StateDocument Document { get; private set; }

    public static StateStore InMemory() => new(null, new StateDocument());

    public static StateStore Open(string? path)
    {
        if (path is null)
        {
            return InMemory();
        }

        var full = Path.GetFullPath(path);
        return new StateStore(full, File.Exists(full) ? Read(full) : new StateDocument());
    }

    /// <summary>Runs a change under the lock and persists it.</summary>
    public T Change<T>(Func<StateDocument, T> change)
    {
        // Another process may have written since: build on its change rather than overwrite it.
        ReloadIfChangedOnDisk();
        lock (Gate)
        {
            var result = change(Document);
            Save();
            return result;
        }
    }

    public T Read<T>(Func<StateDocument, T> read)
    {
        lock (Gate)
        {
            return read(Document);
        }
    }

    public void ReloadIfChangedOnDisk()
    {
        if (_path is null || LastWrite() == _lastSeenWrite)
        {
            return;
        }

        lock (Gate)
        {
            var write = LastWrite();
            if (write == _lastSeenWrite || !File.Exists(_path))
            {
                return;
            }

            Document = Read(_path);
            _lastSeenWrite = write;
        }
    }

    private void Save()
    {
        if (_path is null)
        {
            return;
        }

        Directory.CreateDirectory(Path.GetDirectoryName(_path)!);
        var temp = $"{_path}.{Environment.ProcessId}.tmp";
        File.WriteAllText(temp, JsonSerializer.Serialize(Document, AutherJson.Indented));
        File.Move(temp, _path, overwrite: true);
        _lastSeenWrite = LastWrite();
    }

    private DateTime LastWrite() => _path is not null && File.Exists(_path) ? File.GetLastWriteTimeUtc(_path) : default;

    private static StateDocument Read(string path) =>
        JsonSerializer.Deserialize<StateDocument>(File.ReadAllText(path), AutherJson.Options) ?? new StateDocument();
}
