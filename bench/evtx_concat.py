#!/usr/bin/env python3
"""Builds one valid EVTX file from the chunks of many.

  evtx_concat.py OUT TARGET_BYTES FILE_OR_DIR...

Takes every chunk (signature "ElfChnk") of the inputs, in order, and repeats
the list until the output reaches TARGET_BYTES (0: each chunk once), then
writes a 4 KiB EVTX 3.1 file header with the chunk count, last chunk number
and a correct CRC32. Chunks are copied unchanged (their own checksums stay
valid). At most 65535 chunks (the header's 16-bit count): about 4 GiB.
"""
import os
import struct
import sys
import zlib

HEADER = 4096
CHUNK = 65536


def chunks_of(path):
    with open(path, "rb") as f:
        data = f.read()
    if data[:8] != b"ElfFile\0":
        return
    for off in range(HEADER, len(data) - CHUNK + 1, CHUNK):
        if data[off:off + 8] == b"ElfChnk\0":
            yield data[off:off + CHUNK]


def inputs(args):
    for a in args:
        if os.path.isdir(a):
            for d, _, names in sorted(os.walk(a)):
                for n in sorted(names):
                    if n.endswith(".evtx"):
                        yield os.path.join(d, n)
        else:
            yield a


def main():
    out, target, sources = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
    chunks = [c for p in inputs(sources) for c in chunks_of(p)]
    if not chunks:
        sys.exit("no chunks found")
    count = len(chunks) if target == 0 else max(1, (target - HEADER) // CHUNK)
    count = min(count, 65535)
    header = bytearray(HEADER)
    struct.pack_into("<8sQQQIHHHH", header, 0, b"ElfFile\0", 0, count - 1, 1, 128, 1, 3,
                     HEADER, count)
    struct.pack_into("<I", header, 120, 0)  # flags: clean
    struct.pack_into("<I", header, 124, zlib.crc32(bytes(header[:120])) & 0xffffffff)
    with open(out, "wb") as f:
        f.write(header)
        for i in range(count):
            f.write(chunks[i % len(chunks)])
    print("%s: %d chunks (%d distinct), %d bytes" % (out, count, len(chunks),
                                                      HEADER + count * CHUNK))


if __name__ == "__main__":
    main()
