using System.Diagnostics;
using System.Globalization;

namespace Korus.Cli.Terminal;

/// <summary>
/// A one-line progress bar on standard error for long work, redrawn at most four times a second and
/// only when standard error is a terminal. Disposing clears the line.
/// </summary>
internal sealed class ProgressBar : IDisposable
{
    private readonly TextWriter _writer;
    private readonly string _label;
    private readonly long _total;
    private readonly Func<long> _done;
    private readonly int _width;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly Timer? _timer;
    private int _disposed;

    private readonly bool _countsObjects;

    /// <summary>A bar over <paramref name="total"/> bytes; with <paramref name="countsObjects"/>, a running count of objects (total unknown).</summary>
    public ProgressBar(CliConsole console, string label, long total, Func<long> done, bool countsObjects = false)
    {
        _countsObjects = countsObjects;
        _writer = console.ProgressWriter;
        _label = label.Length > 30 ? "…" + label[^29..] : label;
        _total = total;
        _done = done;
        _width = console.Width;
        if (console.ErrorIsTerminal)
        {
            _timer = new Timer(_ => Draw(), null, TimeSpan.FromMilliseconds(250), TimeSpan.FromMilliseconds(250));
        }
    }

    private void Draw()
    {
        if (Volatile.Read(ref _disposed) != 0)
        {
            return;
        }

        var done = _done();
        var fraction = _total > 0 ? Math.Clamp((double)done / _total, 0, 1) : 0;
        var rate = done / Math.Max(_clock.Elapsed.TotalSeconds, 0.001) / 1e6;
        var info = _countsObjects
            ? string.Create(CultureInfo.InvariantCulture, $" {done:N0} objects {rate * 1e6:N0}/s")
            : string.Create(CultureInfo.InvariantCulture, $" {fraction,4:P0} {done / 1e6:N0}/{_total / 1e6:N0} MB {rate:N0} MB/s");
        var barWidth = Math.Max(10, _width - _label.Length - info.Length - 4);
        var filled = (int)(fraction * barWidth);
        lock (_writer)
        {
            _writer.Write($"\r{_label} [{new string('#', filled)}{new string('.', barWidth - filled)}]{info}");
            _writer.Flush();
        }
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _timer?.Dispose();
        if (_timer is not null)
        {
            lock (_writer)
            {
                _writer.Write("\r" + new string(' ', Math.Max(0, _width - 1)) + "\r");
                _writer.Flush();
            }
        }
    }
}
