using System.Runtime.CompilerServices;

// Stack buffers on the matching path are written before they are read; zeroing them is wasted work.
[module: SkipLocalsInit]
