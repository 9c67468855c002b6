#!/usr/bin/env python3
"""Writes a deterministic prose corpus for the extraction benchmark.

Paragraphs of English and Japanese threat-report prose with defanged and plain
indicators sprinkled in (about one indicator per 400 bytes, as in real reports).
Usage: gen_prose.py OUT MEGABYTES
"""
import hashlib
import random
import sys

EN = ("The group used PsExec for lateral movement and PuTTY to exfiltrate data. "
      "Analysts observed the backdoor beaconing every 300 seconds over HTTPS, "
      "and the loader was signed with a stolen code-signing certificate. ")
JA = ("同グループは、被害者のネットワーク上で標的にできそうなユーザーを見つける目的で"
      "ネットワークを偵察するツールを使用しています。")


def indicator(rng, i):
    kind = rng.randrange(7)
    h = hashlib.sha256(str(i).encode()).hexdigest()
    name = "host%d-%s" % (i, h[:6])
    if kind == 0:
        return h
    if kind == 1:
        return h[:32]
    if kind == 2:
        return "%s[.]com" % name
    if kind == 3:
        return "hxxps://%s[.]net/path/%d.php" % (name, i)
    if kind == 4:
        return "%d[.]%d.%d[.]%d" % (rng.randrange(1, 224), rng.randrange(256),
                                    rng.randrange(256), rng.randrange(256))
    if kind == 5:
        return "admin@%s.org" % name
    return "CVE-20%02d-%d" % (rng.randrange(10, 25), rng.randrange(1000, 99999))


def main():
    out, megabytes = sys.argv[1], float(sys.argv[2])
    rng = random.Random(20200929)
    target = int(megabytes * 1e6)
    written = 0
    i = 0
    with open(out, "w", encoding="utf-8") as f:
        while written < target:
            para = (EN if i % 3 else JA) + " C2: " + indicator(rng, i) + ". " + EN + "\n"
            f.write(para)
            written += len(para.encode())
            i += 1


if __name__ == "__main__":
    main()
