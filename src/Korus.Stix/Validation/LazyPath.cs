namespace Korus.Stix.Validation;

/// <summary>
/// A path relative to the object being validated, built without allocating and rendered to text only
/// when a finding is made (valid objects never pay for path strings).
/// </summary>
internal readonly struct LazyPath
{
    private readonly string _root;
    private readonly int _count;
    private readonly string? _name1;
    private readonly int _index1;
    private readonly string? _name2;
    private readonly int _index2;

    private LazyPath(string root, int count, string? name1, int index1, string? name2, int index2)
    {
        _root = root;
        _count = count;
        _name1 = name1;
        _index1 = index1;
        _name2 = name2;
        _index2 = index2;
    }

    public static implicit operator LazyPath(string root) => new(root, 0, null, 0, null, 0);

    public LazyPath Item(int index) => Push(null, index);

    public LazyPath Child(string name) => Push(name, 0);

    private LazyPath Push(string? name, int index) => _count switch
    {
        0 => new LazyPath(_root, 1, name, index, null, 0),
        1 => new LazyPath(_root, 2, _name1, _index1, name, index),
        _ => new LazyPath(ToString(), 1, name, index, null, 0),
    };

    public override string ToString()
    {
        var path = _root;
        if (_count >= 1)
        {
            path = _name1 is null ? ObjectCheck.Index(path, _index1) : ObjectCheck.Child(path, _name1);
        }

        if (_count >= 2)
        {
            path = _name2 is null ? ObjectCheck.Index(path, _index2) : ObjectCheck.Child(path, _name2);
        }

        return path;
    }
}
