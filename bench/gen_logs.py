#!/usr/bin/env python3
"""Deterministic logs and indicator sets for the hunt benchmark.

bench/gen_logs.py OUT_DIR MB_PER_FILE

Writes, in OUT_DIR:
  zeek_dns.log     Zeek DNS TSV (with #fields header)
  proxy.log        proxy-style text lines (ISO time, host, client, method, URL)
  sysmon.ndjson    Sysmon-style flat NDJSON (EventID 1 / 3 / 22)
  intel-N.csv      N indicators (N = 10, 1000, 100000, 1000000): the 10
                   planted ones plus filler domains, IPv4 addresses and
                   sha256 digests that do not occur in the logs
  literals-N.txt   the same values, one a line, for `rg -F -f`
  planted.tsv      file, line, field, value, ISO time of every planted hit
Near misses are planted too (a planted address with one more digit, a
planted domain with a prefix glued on): a substring search reports them, a
field-aware match must not. Seeded: the same arguments give the same bytes.
"""
import os
import random
import sys

SEED = 20261126
PLANTED_DOMAINS = ["microsoftmse.com", "update-cdn.palmerworm.net", "c2.blackfly.org",
                   "mail.grayfly-ops.com"]
PLANTED_IPS = ["45.76.218.11", "103.15.28.195", "198.51.100.77"]
PLANTED_SHA256 = ["aa2a1b9ca2ba0f2d5a6d0e0a9a1a1b26a9c4bb3e2c0d5e6f7a8b9c0d1e2f3a4b",
                  "0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0",
                  "5e884898da28047151d0e56f8dc6292773603d0d6aabbdd62a11ef721d1542d8"]
PLANTS_PER_FILE = 24  # planted lines per file; as many near misses
COUNTS = [10, 1000, 100000, 1000000]
BASE_TIME = 1599091200  # 2020-09-03T00:00:00Z


def iso(t):
    import time
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(t))


class Pools:
    """Background values: never equal to (or containing) a planted one."""

    def __init__(self, rng):
        words = ["cdn", "api", "www", "static", "img", "login", "mail", "edge", "data", "app"]
        tlds = ["com", "net", "org", "io", "de"]
        self.domains = [f"{rng.choice(words)}{i}.{''.join(rng.choices('abcdefghijklmnop', k=7))}"
                        f".{rng.choice(tlds)}" for i in range(5000)]
        self.ips = [f"10.{rng.randrange(256)}.{rng.randrange(256)}.{rng.randrange(1, 255)}"
                    for _ in range(3000)]
        self.public = [f"172.{rng.randrange(16, 32)}.{rng.randrange(256)}.{rng.randrange(1, 255)}"
                       for _ in range(3000)]
        self.hashes = ["%064x" % rng.getrandbits(256) for _ in range(3000)]
        self.hosts = [f"WS{i:03d}" for i in range(200)]
        self.paths = ["/", "/index.html", "/api/v1/items", "/static/app.js", "/login", "/img/a.png"]


def zeek_line(p, rng, t, uid, query, answer):
    return (f"{t:.6f}\tC{uid:016x}\t{rng.choice(p.ips)}\t{rng.randrange(1024, 65535)}\t"
            f"{rng.choice(p.public)}\t53\tudp\t{rng.randrange(65536)}\t0.0{rng.randrange(10, 99)}\t"
            f"{query}\t1\tC_INTERNET\t1\tA\t0\tNOERROR\tF\tF\tT\tT\t0\t{answer}\t300.0\tF")


def proxy_line(p, rng, t, host, url):
    return (f"{iso(int(t))} proxy01 {rng.choice(p.ips)} GET {url} 200 {rng.randrange(100, 90000)} "
            f"\"Mozilla/5.0 (Windows NT 10.0; Win64; x64)\" {host}")


def sysmon_line(p, rng, t, kind, value):
    host = rng.choice(p.hosts)
    stamp = iso(int(t))[:-1] + f".{rng.randrange(1000):03d}Z"
    if kind == "dns":
        return (f'{{"@timestamp":"{stamp}","Hostname":"{host}","EventID":22,'
                f'"QueryName":"{value}","Image":"C:\\\\Windows\\\\System32\\\\svchost.exe"}}')
    if kind == "net":
        return (f'{{"@timestamp":"{stamp}","Hostname":"{host}","EventID":3,'
                f'"SourceIp":"{rng.choice(p.ips)}","DestinationIp":"{value}",'
                f'"DestinationPort":443,"Image":"C:\\\\Program Files\\\\App\\\\app.exe"}}')
    return (f'{{"@timestamp":"{stamp}","Hostname":"{host}","EventID":1,'
            f'"Image":"C:\\\\Users\\\\u1\\\\AppData\\\\Local\\\\Temp\\\\t.exe",'
            f'"Hashes":"SHA256={value.upper()},IMPHASH=00000000000000000000000000000000"}}')


def planted_value(i):
    kinds = ([("domain", d) for d in PLANTED_DOMAINS] + [("ip", a) for a in PLANTED_IPS] +
             [("sha256", h) for h in PLANTED_SHA256])
    return kinds[i % len(kinds)]


def near_miss(kind, value):
    return {"domain": "not" + value, "ip": value + "6", "sha256": value[:-1] + "9"}[kind]


def record(name, p, rng, t, uid, kind, value):
    """One line of file `name` carrying value (of kind) in its natural field."""
    if name == "zeek_dns.log":
        if kind == "ip":
            return zeek_line(p, rng, t, uid, rng.choice(p.domains), value), "dns.answers.data"
        if kind == "domain":
            return zeek_line(p, rng, t, uid, value, rng.choice(p.public)), "dns.question.name"
        return zeek_line(p, rng, t, uid, value + ".dga.example", "-"), "dns.question.name"
    if name == "proxy.log":
        if kind == "domain":
            return proxy_line(p, rng, t, value, f"http://{value}/a.php"), "message"
        if kind == "ip":
            return proxy_line(p, rng, t, value, f"http://{value}:8080/gate"), "message"
        return proxy_line(p, rng, t, "dl.example.net", f"http://dl.example.net/{value}"), "message"
    kind_map = {"domain": "dns", "ip": "net", "sha256": "proc"}
    field = {"domain": "dns.question.name", "ip": "destination.ip",
             "sha256": "file.hash.sha256"}[kind]
    return sysmon_line(p, rng, t, kind_map[kind], value), field


def background(name, p, rng, t, uid):
    r = rng.random()
    kind = "domain" if r < 0.6 else ("ip" if r < 0.85 else "sha256")
    value = {"domain": rng.choice(p.domains), "ip": rng.choice(p.public),
             "sha256": rng.choice(p.hashes)}[kind]
    return record(name, p, rng, t, uid, kind, value)[0]


ZEEK_HEADER = ("#separator \\x09\n#set_separator\t,\n#empty_field\t(empty)\n#unset_field\t-\n"
               "#path\tdns\n#open\t2020-09-03-00-00-00\n"
               "#fields\tts\tuid\tid.orig_h\tid.orig_p\tid.resp_h\tid.resp_p\tproto\ttrans_id\trtt\t"
               "query\tqclass\tqclass_name\tqtype\tqtype_name\trcode\trcode_name\tAA\tTC\tRD\tRA\tZ\t"
               "answers\tTTLs\trejected\n"
               "#types\ttime\tstring\taddr\tport\taddr\tport\tenum\tcount\tinterval\tstring\tcount\t"
               "string\tcount\tstring\tcount\tstring\tbool\tbool\tbool\tbool\tcount\t"
               "vector[string]\tvector[interval]\tbool\n")


def write_log(out, name, size, p, rng, planted):
    path = os.path.join(out, name)
    avg = {"zeek_dns.log": 190, "proxy.log": 150, "sysmon.ndjson": 190}[name]
    total = size // avg
    plants = {rng.randrange(100, total): i for i in range(PLANTS_PER_FILE)}
    misses = {rng.randrange(100, total): i for i in range(PLANTS_PER_FILE)}
    header = ZEEK_HEADER if name == "zeek_dns.log" else ""
    line_no = header.count("\n")
    with open(path, "w", buffering=1 << 20) as f:
        f.write(header)
        chunk = []
        for n in range(total):
            t = BASE_TIME + n * 0.05
            line_no += 1
            if n in plants:
                kind, value = planted_value(plants[n])
                if name == "zeek_dns.log" and kind == "sha256":  # no digest field in DNS
                    kind, value = "domain", PLANTED_DOMAINS[plants[n] % len(PLANTED_DOMAINS)]
                line, field = record(name, p, rng, t, n, kind, value)
                planted.append((name, line_no, field, value, iso(int(t))))
            elif n in misses:
                kind, value = planted_value(misses[n])
                if name == "zeek_dns.log" and kind == "sha256":
                    kind, value = "domain", PLANTED_DOMAINS[misses[n] % len(PLANTED_DOMAINS)]
                line = record(name, p, rng, t, n, kind, near_miss(kind, value))[0]
            else:
                line = background(name, p, rng, t, n)
            chunk.append(line)
            if len(chunk) >= 10000:
                f.write("\n".join(chunk) + "\n")
                chunk = []
        if chunk:
            f.write("\n".join(chunk) + "\n")


def write_intel(out, rng):
    planted = ([("domain", d) for d in PLANTED_DOMAINS] + [("ip", a) for a in PLANTED_IPS] +
               [("sha256", h) for h in PLANTED_SHA256])
    filler = []
    for i in range(COUNTS[-1] - len(planted)):
        r = i % 3
        if r == 0:
            filler.append(("domain", f"x{i}{''.join(rng.choices('qrstuvwxyz', k=6))}.intel-test.net"))
        elif r == 1:
            filler.append(("ip", f"192.0.{(i // 254) % 256}.{i % 254 + 1}" if i < 60000 else
                           f"100.{64 + (i >> 16) % 64}.{(i >> 8) % 256}.{i % 256}"))
        else:
            filler.append(("sha256", "%064x" % rng.getrandbits(256)))
    for count in COUNTS:
        rows = planted + filler[:count - len(planted)]
        with open(os.path.join(out, f"intel-{count}.csv"), "w") as f:
            f.write("type,value\n")
            f.writelines(f"{k},{v}\n" for k, v in rows)
        with open(os.path.join(out, f"literals-{count}.txt"), "w") as f:
            f.writelines(f"{v}\n" for _, v in rows)


def main():
    out, mb = sys.argv[1], int(sys.argv[2])
    os.makedirs(out, exist_ok=True)
    rng = random.Random(SEED)
    pools = Pools(rng)
    planted = []
    for name in ["zeek_dns.log", "proxy.log", "sysmon.ndjson"]:
        write_log(out, name, mb << 20, pools, rng, planted)
    write_intel(out, rng)
    with open(os.path.join(out, "planted.tsv"), "w") as f:
        f.writelines("\t".join(map(str, row)) + "\n" for row in planted)


if __name__ == "__main__":
    main()
