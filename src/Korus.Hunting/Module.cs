using System.Runtime.CompilerServices;

// Stack buffers on the per-event path are written before they are read; zeroing them is wasted work.
[module: SkipLocalsInit]
