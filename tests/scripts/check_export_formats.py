#!/usr/bin/env python3
"""Independent checkers for export formats whose tools are not packaged here.

  check_export_formats.py suricata RULES_FILE   # Suricata rule grammar
  check_export_formats.py zeek INTEL_FILE       # Zeek intel framework TSV
  check_export_formats.py sigma YAML_FILE       # Sigma rules (required keys)

Suricata (docs: "Rules Format"): action protocol source sport direction
destination dport (options), options "keyword[:value];" with '"', ';' and
'\\' escaped by a backslash inside values; msg, sid and rev required; sids
unique. Addresses: any, $VAR, an address/CIDR, or a [list] of them.
Exits 1 with a message naming the line on the first problem.
"""
import ipaddress
import re
import sys

ACTIONS = {"alert", "pass", "drop", "reject", "rejectsrc", "rejectdst", "rejectboth"}
ZEEK_TYPES = {"Intel::ADDR", "Intel::SUBNET", "Intel::URL", "Intel::SOFTWARE", "Intel::EMAIL",
              "Intel::DOMAIN", "Intel::USER_NAME", "Intel::CERT_HASH", "Intel::PUBKEY_HASH",
              "Intel::FILE_HASH", "Intel::FILE_NAME"}


def fail(where, msg):
    print("%s: %s" % (where, msg), file=sys.stderr)
    sys.exit(1)


def check_address(where, text):
    if text == "any" or re.fullmatch(r"!?\$[A-Z_]+", text):
        return
    items = text[1:-1].split(",") if text.startswith("[") and text.endswith("]") else [text]
    for item in items:
        try:
            ipaddress.ip_network(item.lstrip("!"), strict=True)
        except ValueError:
            fail(where, "bad address %r" % item)


def check_port(where, text):
    if text != "any" and not re.fullmatch(r"!?\[?[0-9:,!]+\]?|\$[A-Z_]+", text):
        fail(where, "bad port %r" % text)


def split_options(where, body):
    opts, cur, i = [], "", 0
    in_quote = False
    while i < len(body):
        c = body[i]
        if c == "\\":
            if i + 1 >= len(body) or body[i + 1] not in "\";\\:":
                fail(where, "bad escape at %d" % i)
            cur += body[i:i + 2]
            i += 2
            continue
        if c == '"':
            in_quote = not in_quote
        elif c == ";" and not in_quote:
            opts.append(cur.strip())
            cur = ""
            i += 1
            continue
        elif c == ";":
            fail(where, "unescaped ';' inside a quoted value")
        cur += c
        i += 1
    if in_quote:
        fail(where, "unbalanced quotes")
    if cur.strip():
        fail(where, "option without terminating ';': %r" % cur)
    return opts


def check_rule(where, line, sids):
    m = re.fullmatch(r"(\S+) (\S+) (\S+) (\S+) (->|<>) (\S+) (\S+) \((.*)\)", line)
    if not m:
        fail(where, "not 'action proto src sport -> dst dport (options)'")
    if m.group(1) not in ACTIONS:
        fail(where, "unknown action %r" % m.group(1))
    check_address(where, m.group(3))
    check_port(where, m.group(4))
    check_address(where, m.group(6))
    check_port(where, m.group(7))
    keys = {}
    for opt in split_options(where, m.group(8)):
        key, _, value = opt.partition(":")
        if not re.fullmatch(r"[a-z0-9_.]+", key):
            fail(where, "bad keyword %r" % key)
        keys[key] = value
    for required in ("msg", "sid", "rev"):
        if required not in keys:
            fail(where, "missing %s" % required)
    if not re.fullmatch(r'".*"', keys["msg"]):
        fail(where, "msg is not a quoted string")
    sid = int(keys["sid"])
    if sid in sids:
        fail(where, "duplicate sid %d" % sid)
    sids.add(sid)


def check_suricata(path):
    sids = set()
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if line and not line.startswith("#"):
                check_rule("%s:%d" % (path, n), line, sids)
    print("suricata: %d rules OK" % len(sids))


def check_zeek(path):
    rows = 0
    with open(path, encoding="utf-8") as f:
        header = f.readline().rstrip("\n").split("\t")
        if header[:3] != ["#fields", "indicator", "indicator_type"]:
            fail(path + ":1", "bad #fields header")
        for n, line in enumerate(f, 2):
            line = line.rstrip("\n")
            if line.startswith("#"):
                continue
            cols = line.split("\t")
            where = "%s:%d" % (path, n)
            if len(cols) != len(header) - 1:
                fail(where, "%d columns, header has %d" % (len(cols), len(header) - 1))
            if any(c == "" for c in cols):
                fail(where, "empty field (must be '-')")
            if cols[1] not in ZEEK_TYPES:
                fail(where, "unknown type %r" % cols[1])
            if cols[1] == "Intel::URL" and "://" in cols[0]:
                fail(where, "Intel::URL with scheme")
            if cols[1] in ("Intel::ADDR", "Intel::SUBNET"):
                try:
                    ipaddress.ip_network(cols[0], strict=True)
                except ValueError:
                    fail(where, "bad address %r" % cols[0])
            rows += 1
    print("zeek-intel: %d rows OK" % rows)


def check_sigma(path):
    import uuid
    import yaml  # python3-yaml; only needed for this check
    with open(path, encoding="utf-8") as f:
        docs = [d for d in yaml.safe_load_all(f) if d is not None]
    ids = set()
    for n, rule in enumerate(docs, 1):
        where = "%s: rule %d" % (path, n)
        for key in ("title", "id", "status", "logsource", "detection", "level"):
            if key not in rule:
                fail(where, "missing %s" % key)
        if uuid.UUID(rule["id"]).version != 5 or rule["id"] in ids:
            fail(where, "id not a unique UUIDv5")
        ids.add(rule["id"])
        detection = rule["detection"]
        names = [k for k in detection if k != "condition"]
        if "condition" not in detection or not names:
            fail(where, "detection without condition or selections")
        for name in re.findall(r"[a-z_0-9]+", detection["condition"]):
            if name not in ("or", "and", "not") and name not in detection:
                fail(where, "condition names unknown selection %r" % name)
    print("sigma: %d rules OK" % len(docs))


if __name__ == "__main__":
    {"suricata": check_suricata, "zeek": check_zeek, "sigma": check_sigma}[sys.argv[1]](sys.argv[2])
