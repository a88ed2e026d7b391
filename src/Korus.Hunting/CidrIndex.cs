using Korus.Patterning.Matching;

namespace Korus.Hunting;

/// <summary>
/// ISSUBSET index for one path: the networks named by comparisons, by family and prefix length. A value
/// is looked up once per prefix length in use, so the cost does not grow with the number of networks.
/// </summary>
internal sealed class CidrIndex
{
    private readonly Dictionary<IpNetwork, List<BracketRef>> _networks = [];
    private int[] _v4Prefixes = [];
    private int[] _v6Prefixes = [];

    public void Add(IpNetwork network, BracketRef bracket)
    {
        if (!_networks.TryGetValue(network, out var list))
        {
            _networks[network] = list = [];
        }

        if (!list.Contains(bracket))
        {
            list.Add(bracket);
        }

        ref var prefixes = ref network.IsV6 ? ref _v6Prefixes : ref _v4Prefixes;
        if (Array.IndexOf(prefixes, network.PrefixLength) < 0)
        {
            prefixes = [.. prefixes, network.PrefixLength];
            Array.Sort(prefixes);
        }
    }

    /// <summary>Calls <paramref name="found"/> for the brackets of every indexed network containing <paramref name="value"/>.</summary>
    public void Find(IpNetwork value, List<BracketRef> found)
    {
        foreach (var prefix in value.IsV6 ? _v6Prefixes : _v4Prefixes)
        {
            if (prefix > value.PrefixLength)
            {
                break;
            }

            if (_networks.TryGetValue(value.Truncate(prefix), out var list))
            {
                found.AddRange(list);
            }
        }
    }
}
