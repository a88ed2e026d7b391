using Korus.Patterning.Matching;

namespace Korus.Hunting;

/// <summary>
/// ISSUBSET index for one path: the networks named by comparisons, by family and prefix length. A value
/// is looked up once per prefix length in use, so the cost does not grow with the number of networks.
/// </summary>
internal sealed class CidrIndex
{
    private readonly Dictionary<IpNetwork, List<BracketRef>> _networks = [];

    // IPv4 networks by (prefix length << 32 | network bits): a ulong key hashes and compares in one step.
    private readonly Dictionary<ulong, List<BracketRef>> _v4 = [];
    private int[] _v4Prefixes = [];
    private int[] _v6Prefixes = [];

    public void Add(IpNetwork network, BracketRef bracket)
    {
        List<BracketRef>? list;
        if (!network.IsV6)
        {
            var key = ((ulong)network.PrefixLength << 32) | (uint)network.Bits;
            if (!_v4.TryGetValue(key, out list))
            {
                _v4[key] = list = [];
            }
        }
        else if (!_networks.TryGetValue(network, out list))
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

    /// <summary>Adds the brackets of every indexed network containing the IPv4 address <paramref name="address"/>.</summary>
    public void FindV4(uint address, List<BracketRef> found)
    {
        foreach (var prefix in _v4Prefixes)
        {
            var mask = prefix == 0 ? 0u : uint.MaxValue << (32 - prefix);
            if (_v4.TryGetValue(((ulong)prefix << 32) | (address & mask), out var list))
            {
                found.AddRange(list);
            }
        }
    }

    /// <summary>Adds the brackets of every indexed network containing <paramref name="value"/>.</summary>
    public void Find(IpNetwork value, List<BracketRef> found)
    {
        if (!value.IsV6)
        {
            foreach (var prefix in _v4Prefixes)
            {
                if (prefix > value.PrefixLength)
                {
                    break;
                }

                if (_v4.TryGetValue(((ulong)prefix << 32) | (uint)value.Truncate(prefix).Bits, out var v4))
                {
                    found.AddRange(v4);
                }
            }

            return;
        }

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
