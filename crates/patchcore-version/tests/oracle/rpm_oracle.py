#!/usr/bin/python3
"""Batch oracle for the RPM schemes: librpm 4.18, through python3-rpm.

Reads lines `MODE<TAB>A<TAB>B` from standard input (bytes, normally UTF-8) and writes one
line per input line: -1, 0 or 1 (A < B, A == B, A > B), or E when librpm refuses A or B.

MODE `v`: rpmvercmp(A, B), librpmio's C function called directly (it accepts any string).
MODE `e`: rpm.ver(A) compared with rpm.ver(B), i.e. rpmverParse + rpmverCmp
          (rpm.ver raises ValueError "invalid version" when rpmverParse refuses the text).

Exits with status 3 when librpm is not importable, so that the caller can tell "no oracle"
from a failure.
"""

import ctypes
import ctypes.util
import sys

try:
    import rpm
except ImportError:
    sys.stderr.write("librpm oracle not available: python3-rpm is not installed\n")
    sys.exit(3)


def load_rpmvercmp():
    name = ctypes.util.find_library("rpmio") or "librpmio.so.9"
    lib = ctypes.CDLL(name)
    fn = lib.rpmvercmp
    fn.argtypes = [ctypes.c_char_p, ctypes.c_char_p]
    fn.restype = ctypes.c_int
    return fn


def main():
    rpmvercmp = load_rpmvercmp()
    out = []
    for raw in sys.stdin.buffer.read().split(b"\n"):
        if not raw:
            continue
        mode, a, b = raw.split(b"\t", 2)
        if mode == b"v":
            rc = rpmvercmp(a, b)
            out.append("1" if rc > 0 else "-1" if rc < 0 else "0")
        else:
            try:
                va = rpm.ver(a.decode("utf-8", "surrogateescape"))
                vb = rpm.ver(b.decode("utf-8", "surrogateescape"))
            except (ValueError, TypeError, UnicodeEncodeError):
                out.append("E")
                continue
            out.append("1" if va > vb else "-1" if va < vb else "0")
    sys.stdout.write("\n".join(out))
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
