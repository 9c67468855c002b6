"""`shrike evtx dump --xml` against `evtxexport -f xml` (Debian libevtx-utils).

For every file libevtx reads: the same number of records, and per record the
same EventRecordID, EventID, Computer, Channel, Provider Name, TimeCreated
(to the microsecond, which is what shrike prints, as the evtx crate does) and
EventData / UserData leaf values in order. Values are normalised where the
two tools only differ in notation: libevtx puts GUIDs in braces and pads hex
integers, shrike (like the crate) does neither and drops trailing white space.
"""
import re
import subprocess
import xml.etree.ElementTree as ET

NS = "{http://schemas.microsoft.com/win/2004/08/events/event}"
GUID = re.compile(r"^\{?([0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12})\}?$")
HEX = re.compile(r"^0x[0-9A-Fa-f]+$")
TIME = re.compile(r"^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d+))?Z$")
EVENT = re.compile(r"(?m)^<Event[ >]")


def norm(v):
    v = (v or "").rstrip(" \t\r\n")
    m = GUID.match(v)
    if m:
        return m.group(1).upper()
    if HEX.match(v):
        return "0x%x" % int(v, 16)
    m = TIME.match(v)
    if m:
        return "%s.%sZ" % (m.group(1), ((m.group(2) or "") + "000000")[:6])
    return v


def first_difference(a, b):
    if isinstance(a, list) and isinstance(b, list) and len(a) == len(b):
        for i, (x, y) in enumerate(zip(a, b)):
            if x != y:
                n = next((j for j, (p, q) in enumerate(zip(x, y)) if p != q), min(len(x), len(y)))
                return "item %d differs at char %d: shrike %r, evtxexport %r" % (
                    i, n, x[max(0, n - 20):n + 40], y[max(0, n - 20):n + 40])
    return "shrike %r, evtxexport %r" % (str(a)[:300], str(b)[:300])


def split_events(text):
    starts = [m.start() for m in EVENT.finditer(text)]
    starts.append(len(text))
    return [text[a:b] for a, b in zip(starts, starts[1:])]


def leaves(elem, out):
    kids = list(elem)
    if not kids:
        text = norm("".join(elem.itertext()))
        # libevtx leaves out an element whose value is empty binary; shrike keeps
        # <Binary/> as the template has it (the evtx crate gives "Binary": null).
        if text or elem.tag != NS + "Binary":
            out.append(text)
    for k in kids:
        leaves(k, out)


def summary(xml_text):
    try:
        root = ET.fromstring(xml_text)
    except ET.ParseError as e:
        return {"unparsed": str(e)}
    s = {}
    system = root.find(NS + "System")
    if system is not None:
        for name in ("EventRecordID", "EventID", "Computer", "Channel"):
            e = system.find(NS + name)
            if e is not None:
                s[name] = norm(e.text)
        p = system.find(NS + "Provider")
        if p is not None:
            s["Provider"] = norm(p.get("Name"))
        t = system.find(NS + "TimeCreated")
        if t is not None:
            s["TimeCreated"] = norm(t.get("SystemTime"))
    for section in ("EventData", "UserData"):
        e = root.find(NS + section)
        if e is not None:
            vals = []
            for k in e:
                leaves(k, vals)
            s[section] = vals
    return s


def run(shrike, root, shrike_dump_all, files, known_warnings):
    total = read = same = records = 0
    unreadable = []
    problems = []
    paths = sorted(files(root, ".evtx"))
    dumps = shrike_dump_all(shrike, paths, "--xml")
    for path in paths:
        total += 1
        rel = path[len(root):].lstrip("/")
        rc, out, err = dumps[path]
        if rc != 0 or err.strip():
            if rel not in known_warnings:
                problems.append((rel, ["shrike exit %d: %s" % (rc, err.strip()[:300])]))
        lib = subprocess.run(["evtxexport", "-f", "xml", path], capture_output=True, timeout=120)
        if lib.returncode != 0:
            unreadable.append(rel)
            continue
        read += 1
        ours = split_events(out)
        theirs = split_events(lib.stdout.decode("utf-8", "replace"))
        records += len(theirs)
        diffs = []
        if len(ours) != len(theirs):
            diffs.append("%d records, evtxexport %d" % (len(ours), len(theirs)))
        for i, (a, b) in enumerate(zip(ours, theirs)):
            sa, sb = summary(a), summary(b)
            if "unparsed" in sb:
                continue  # evtxexport wrote XML that does not parse; nothing to compare
            for k in sorted(set(sa) | set(sb)):
                if sa.get(k) != sb.get(k):
                    diffs.append("record[%d].%s: %s" % (i, k, first_difference(sa.get(k), sb.get(k))))
        if diffs:
            problems.append((rel, diffs))
        else:
            same += 1
    print("libevtx: %d files, %d read by evtxexport, %d agree (%d records); "
          "%d unreadable by libevtx" % (total, read, same, records, len(unreadable)))
    for rel in unreadable:
        print("   libevtx cannot read:", rel)
    for rel, ds in problems:
        print("DIFF %s" % rel)
        for d in ds[:10]:
            print("   ", d)
    return 0 if not problems else 1
