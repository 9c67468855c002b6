#!/usr/bin/env python3
"""Compares `shrike evtx dump` with independent renderings of the same files.

  evtx_compare.py crate SHRIKE DIR    # each DIR/**/X.evtx against X.json (evtx crate)
  evtx_compare.py libevtx SHRIKE DIR  # each DIR/**/*.evtx against `evtxexport -f xml`

Prints the match rate and each difference; exits 1 on any difference not
listed in KNOWN below.
"""
import json
import os
import re
import subprocess
import sys

# Files with real corruption: shrike warns and recovers what it can.
KNOWN_WARNINGS = {}

# Differences argued one by one: the expected file is not what the crate makes
# of these bytes.
KNOWN_CRATE_DIFFS = {
    "rules/windows/process_creation/proc_creation_win_susp_right_to_left_override/"
    "ad691d92-15f2-4181-9aa4-723c74f9ddc3.evtx":
    "the .json was edited by hand: it says ParentCommandLine 'C:\\Windows\\Explorer.exe' "
    "but the record's UTF-16 bytes hold 'Explorer.EXE' (and no 'Explorer.exe'), and its "
    "SystemTime has 9 fraction digits where the crate prints 6 in the 139 other files",
}


def crate_records(path):
    text = open(path, encoding="utf-8").read()
    dec = json.JSONDecoder()
    pos, out = 0, []
    while True:
        while pos < len(text) and text[pos].isspace():
            pos += 1
        if pos >= len(text):
            return out
        obj, pos = dec.raw_decode(text, pos)
        out.append(obj)


COUNT_LINE = re.compile(r"^(.*): (\d+) records, \d+ fields$")
EVENT_START = re.compile(r"(?m)^<Event[ >]")


def shrike_dump_all(shrike, paths, fmt="--json"):
    """{path: (exit, output, warnings)} from two runs over all files (one process each:
    the sanitizer build starts slowly): --count for the records per file, then fmt."""
    if not paths:
        return {}
    c = subprocess.run([shrike, "evtx", "dump", "--count"] + paths, capture_output=True,
                       timeout=600)
    counts = {}
    for line in c.stdout.decode("utf-8").splitlines():
        m = COUNT_LINE.match(line)
        if m:
            counts[m.group(1)] = int(m.group(2))
    p = subprocess.run([shrike, "evtx", "dump", fmt] + paths, capture_output=True, timeout=600)
    out = p.stdout.decode("utf-8")
    err = p.stderr.decode("utf-8", "replace").splitlines()
    if fmt == "--json":
        records = [line + "\n" for line in out.splitlines() if line.strip()]
    else:
        starts = [m.start() for m in EVENT_START.finditer(out)] + [len(out)]
        records = [out[a:b] for a, b in zip(starts, starts[1:])]
    result, pos = {}, 0
    for path in paths:
        n = counts.get(path, 0)
        warnings = "\n".join(line for line in err if path in line)
        rc = c.returncode if path not in counts else 0
        result[path] = (rc, "".join(records[pos:pos + n]), warnings)
        pos += n
    return result


def diff(a, b, where, out):
    if isinstance(a, dict) and isinstance(b, dict):
        for k in sorted(set(a) | set(b)):
            if k not in a:
                out.append("%s.%s: missing in shrike (crate %r)" % (where, k, b[k]))
            elif k not in b:
                out.append("%s.%s: extra in shrike (%r)" % (where, k, a[k]))
            else:
                diff(a[k], b[k], where + "." + k, out)
    elif a != b or type(a) != type(b):
        out.append("%s: shrike %r, crate %r" % (where, a, b))


def files(root, ext):
    for d, _, names in os.walk(root):
        for n in sorted(names):
            if n.endswith(ext):
                yield os.path.join(d, n)


def run_crate(shrike, root):
    total = same = records = 0
    problems = []
    todo = [e for e in sorted(files(root, ".evtx")) if os.path.exists(e[:-5] + ".json")]
    dumps = shrike_dump_all(shrike, todo)
    for evtx in todo:
        expected_path = evtx[:-5] + ".json"
        total += 1
        rc, out, err = dumps[evtx]
        rel = os.path.relpath(evtx, root)
        got = [json.loads(line) for line in out.splitlines() if line.strip()]
        expected = crate_records(expected_path)
        records += len(expected)
        out_diffs = []
        if rc != 0 or err.strip():
            out_diffs.append("exit %d, stderr %s" % (rc, err.strip()[:300]))
        if len(got) != len(expected):
            out_diffs.append("%d records, crate %d" % (len(got), len(expected)))
        for i, (g, e) in enumerate(zip(got, expected)):
            diff(g, e, "record[%d]" % i, out_diffs)
        if out_diffs and rel in KNOWN_CRATE_DIFFS:
            print("KNOWN %s: %s" % (rel, KNOWN_CRATE_DIFFS[rel]))
            for d in out_diffs:
                print("   ", d)
        elif out_diffs:
            problems.append((rel, out_diffs))
        else:
            same += 1
    print("evtx crate JSON: %d/%d files identical (%.1f%%), %d argued, %d records compared"
          % (same, total, 100.0 * same / max(total, 1), total - same - len(problems), records))
    for rel, ds in problems:
        print("DIFF %s" % rel)
        for d in ds[:10]:
            print("   ", d)
    return 0 if not problems and total > 0 else 1


if __name__ == "__main__":
    mode, shrike, root = sys.argv[1], sys.argv[2], sys.argv[3]
    if mode == "crate":
        sys.exit(run_crate(shrike, root))
    import evtx_libevtx
    sys.exit(evtx_libevtx.run(shrike, root, shrike_dump_all, files, KNOWN_WARNINGS))
