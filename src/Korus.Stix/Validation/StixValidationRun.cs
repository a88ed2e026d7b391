using System.Buffers;
using System.Collections.Concurrent;
using System.Runtime.ExceptionServices;
using Korus.Stix.Json;

namespace Korus.Stix.Validation;

/// <summary>
/// The outcome of validating a whole STIX input as a stream: counts, and the findings about the input
/// as a whole. Per-object findings go to the caller's callback as each object is validated, in input
/// order, so memory does not grow with the input.
/// </summary>
/// <remarks>
/// The calling thread reads the stream and packs objects into batches of about
/// <see cref="BatchBytes"/>; worker threads validate batches; the calling thread hands results to the
/// callback in order; while it would wait, the calling thread validates queued batches itself. At most
/// <c>2 × workers + 2</c> batches are in flight, so memory stays bounded
/// (a batch grows past its size only to hold one large object). Inputs that fit in one batch are
/// validated on the calling thread alone.
/// </remarks>
public sealed class StixValidationRun
{
    /// <summary>Target bytes of object JSON per batch.</summary>
    internal const int BatchBytes = 256 * 1024;

    private StixValidationRun()
    {
    }

    /// <summary>What the input's top level was.</summary>
    public StixContainerKind Container { get; private set; }

    /// <summary>How many elements were read (objects and non-objects).</summary>
    public long Objects { get; private set; }

    /// <summary>How many elements had at least one error.</summary>
    public long InvalidObjects { get; private set; }

    /// <summary>Errors over all objects and the input as a whole.</summary>
    public long Errors { get; private set; }

    /// <summary>Warnings over all objects and the input as a whole.</summary>
    public long Warnings { get; private set; }

    /// <summary>Bytes of input read.</summary>
    public long Bytes { get; private set; }

    /// <summary>Findings about the input as a whole (JSON syntax, the bundle's own properties).</summary>
    public IReadOnlyList<Finding> InputFindings { get; private set; } = [];

    /// <summary>True when reading stopped early at a syntax error or a limit.</summary>
    public bool Aborted { get; private set; }

    /// <summary>True when nothing had an error.</summary>
    public bool IsValid => Errors == 0;

    internal static StixValidationRun Execute(StixValidator validator, Stream stream, Action<StixObjectSlice, IReadOnlyList<Finding>>? onObject)
    {
        var run = new StixValidationRun();
        var limits = validator.Options.Limits;
        // Each object is parsed when it is validated, so the reader only finds where objects end.
        using var reader = new StixStreamReader(stream, limits with { CheckObjectSyntax = false, AcceptStix20Bundles = limits.AcceptStix20Bundles || validator.Options.AllowStix20 });
        // Worker threads validate; the calling thread reads and, rather than wait for results, validates
        // queued batches too. One worker per processor measured best: the reader alone cannot keep a core busy.
        var workers = validator.Options.Parallelism switch
        {
            1 => 0,
            > 1 => validator.Options.Parallelism,
            _ => Environment.ProcessorCount,
        };
        using (var pipeline = new Pipeline(validator, run, onObject, workers))
        {
            var batch = pipeline.Rent();
            while (reader.TryRead(out var slice))
            {
                batch.Add(slice);
                if (batch.Bytes >= BatchBytes)
                {
                    pipeline.Submit(batch);
                    batch = pipeline.Rent();
                }
            }

            pipeline.Submit(batch);
            pipeline.Finish();
        }

        run.Container = reader.Container;
        run.Bytes = reader.BytesConsumed;
        run.Aborted = reader.Aborted;
        run.InputFindings = reader.Findings;
        foreach (var finding in run.InputFindings)
        {
            if (finding.IsError)
            {
                run.Errors++;
            }
            else
            {
                run.Warnings++;
            }
        }

        return run;
    }

    private void Count(List<Finding> findings, int start, int end)
    {
        Objects++;
        var invalid = false;
        for (var i = start; i < end; i++)
        {
            if (findings[i].IsError)
            {
                Errors++;
                invalid = true;
            }
            else
            {
                Warnings++;
            }
        }

        if (invalid)
        {
            InvalidObjects++;
        }
    }

    /// <summary>Objects packed into one buffer, with their positions and, once validated, their findings.</summary>
    private sealed class Batch
    {
        private byte[] _buffer = ArrayPool<byte>.Shared.Rent(BatchBytes + (BatchBytes / 4));

        public List<Entry> Entries { get; } = [];

        public List<Finding> Findings { get; } = [];

        public int Bytes { get; private set; }

        public ExceptionDispatchInfo? Failure { get; set; }

        public ManualResetEventSlim Done { get; } = new(false);

        public void Add(in StixObjectSlice slice)
        {
            var json = slice.Json.Span;
            if (Bytes + json.Length > _buffer.Length)
            {
                var bigger = ArrayPool<byte>.Shared.Rent(Math.Max(_buffer.Length * 2, Bytes + json.Length));
                _buffer.AsSpan(0, Bytes).CopyTo(bigger);
                ArrayPool<byte>.Shared.Return(_buffer);
                _buffer = bigger;
            }

            json.CopyTo(_buffer.AsSpan(Bytes));
            Entries.Add(new Entry(Bytes, json.Length, slice.Container, slice.Index, slice.ByteOffset, slice.Line, slice.Column, slice.Problem) { Ascii = slice.IsAscii });
            Bytes += json.Length;
        }

        public StixObjectSlice Slice(in Entry entry) =>
            new(entry.Container, entry.Index, _buffer.AsMemory(entry.Offset, entry.Length), entry.ByteOffset, entry.Line, entry.Column, entry.Problem) { IsAscii = entry.Ascii };

        public void Validate(StixValidator validator)
        {
            try
            {
                foreach (ref var entry in System.Runtime.InteropServices.CollectionsMarshal.AsSpan(Entries))
                {
                    entry.FindingsStart = Findings.Count;
                    if (entry.Problem is { } problem)
                    {
                        Findings.Add(problem);
                    }
                    else
                    {
                        validator.ValidateElement(_buffer.AsMemory(entry.Offset, entry.Length), entry.Container, entry.Index, Findings, entry.Line, entry.Column, entry.Ascii);
                    }

                    entry.FindingsEnd = Findings.Count;
                }
            }
#pragma warning disable CA1031 // A worker's failure is a bug; it is rethrown on the calling thread.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                Failure = ExceptionDispatchInfo.Capture(ex);
            }
            finally
            {
                Done.Set();
            }
        }

        /// <summary>Empties the batch for reuse, keeping its buffers.</summary>
        public void Reset()
        {
            Entries.Clear();
            Findings.Clear();
            Bytes = 0;
            Failure = null;
            Done.Reset();
        }

        public void Release()
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = [];
            Done.Dispose();
        }
    }

    private struct Entry(int offset, int length, StixContainerKind container, int index, long byteOffset, long line, long column, Finding? problem)
    {
        public readonly int Offset { get; } = offset;

        public readonly int Length { get; } = length;

        public readonly StixContainerKind Container { get; } = container;

        public readonly int Index { get; } = index;

        public readonly long ByteOffset { get; } = byteOffset;

        public readonly long Line { get; } = line;

        public readonly long Column { get; } = column;

        public readonly Finding? Problem { get; } = problem;

        /// <summary>The reader found the text plain ASCII.</summary>
        public bool Ascii { get; init; }

        public int FindingsStart { get; set; }

        public int FindingsEnd { get; set; }
    }

    /// <summary>Batches in flight, validated by worker threads, delivered in order on the calling thread.</summary>
    private sealed class Pipeline(StixValidator validator, StixValidationRun run, Action<StixObjectSlice, IReadOnlyList<Finding>>? onObject, int workers) : IDisposable
    {
        private readonly Queue<Batch> _inFlight = new();
        private readonly BlockingCollection<Batch> _work = new(new ConcurrentQueue<Batch>());
        private readonly List<Thread> _threads = [];
        private readonly List<Finding> _scratch = [];
        private readonly Stack<Batch> _free = new();
        private Batch? _first;

        /// <summary>A batch to fill: a delivered one reused, or a new one.</summary>
        public Batch Rent() => _free.TryPop(out var batch) ? batch : new Batch();

        public void Submit(Batch batch)
        {
            if (batch.Entries.Count == 0)
            {
                Recycle(batch);
                return;
            }

            if (workers < 1)
            {
                batch.Validate(validator);
                Deliver(batch);
                return;
            }

            // Hold the first batch back: an input that fits in one batch never starts a thread.
            if (_first is null && _threads.Count == 0)
            {
                _first = batch;
                return;
            }

            StartWorkers();
            if (_first is { } first)
            {
                _first = null;
                Enqueue(first);
            }

            while (_inFlight.Count >= (2 * workers) + 2)
            {
                // Rather than wait, validate a batch no worker has taken yet.
                if (_work.TryTake(out var pending))
                {
                    pending.Validate(validator);
                }
                else
                {
                    Deliver(_inFlight.Dequeue());
                }
            }

            Enqueue(batch);
            while (_inFlight.Count > 0 && _inFlight.Peek().Done.IsSet)
            {
                Deliver(_inFlight.Dequeue());
            }
        }

        public void Finish()
        {
            if (_first is { } first)
            {
                _first = null;
                first.Validate(validator);
                Deliver(first);
            }

            while (_inFlight.Count > 0)
            {
                if (_work.TryTake(out var pending))
                {
                    pending.Validate(validator);
                }
                else
                {
                    Deliver(_inFlight.Dequeue());
                }
            }
        }

        public void Dispose()
        {
            _work.CompleteAdding();
            foreach (var thread in _threads)
            {
                thread.Join();
            }

            while (_inFlight.Count > 0)
            {
                var batch = _inFlight.Dequeue();
                batch.Done.Wait();
                batch.Release();
            }

            _first?.Release();
            while (_free.TryPop(out var free))
            {
                free.Release();
            }

            _work.Dispose();
        }

        private void Enqueue(Batch batch)
        {
            _inFlight.Enqueue(batch);
            _work.Add(batch);
        }

        private void StartWorkers()
        {
            if (_threads.Count > 0)
            {
                return;
            }

            for (var i = 0; i < workers; i++)
            {
                var thread = new Thread(Work) { IsBackground = true, Name = "korus-validate-" + i };
                _threads.Add(thread);
                thread.Start();
            }
        }

        private void Work()
        {
            foreach (var batch in _work.GetConsumingEnumerable())
            {
                batch.Validate(validator);
            }
        }

        private void Deliver(Batch batch)
        {
            batch.Done.Wait();
            try
            {
                batch.Failure?.Throw();
                foreach (var entry in batch.Entries)
                {
                    run.Count(batch.Findings, entry.FindingsStart, entry.FindingsEnd);
                    if (onObject is not null)
                    {
                        _scratch.Clear();
                        for (var i = entry.FindingsStart; i < entry.FindingsEnd; i++)
                        {
                            _scratch.Add(batch.Findings[i]);
                        }

                        onObject(batch.Slice(entry), _scratch);
                    }
                }
            }
            finally
            {
                Recycle(batch);
            }
        }

        private void Recycle(Batch batch)
        {
            batch.Reset();
            _free.Push(batch);
        }
    }
}
