#!/usr/bin/env python3
"""Writes N benign YARA rules of realistic shape for benchmarks.

  gen_yara_rules.py N OUT_DIR      # OUT_DIR/rules.yar (one file) and OUT_DIR/split/*.yar

Each rule has 2-5 strings: ASCII text (some `nocase`, some `wide ascii`),
hex strings with wildcards and jumps, and the odd short regex; conditions mix
`any of them`, `N of them`, `all of them`, an MZ header check and a filesize
bound, the way published rule sets look. The strings are made-up tokens
(deterministic, seed 4242): no real malware signature is copied or implied.
"""
import os
import random
import sys

WORDS = ("update service agent loader config client server session token cache "
         "report driver module plugin payload stage helper monitor backup sync "
         "remote local shell command task job queue proxy tunnel crypto cipher "
         "vector beacon handle thread process memory registry policy profile").split()


def token(rng):
    return "%s_%s%d" % (rng.choice(WORDS), rng.choice(WORDS), rng.randint(10, 9999))


def hex_string(rng):
    parts = []
    for _ in range(rng.randint(6, 12)):
        r = rng.random()
        if r < 0.1:
            parts.append("??")
        elif r < 0.15 and parts:
            parts.append("[%d-%d]" % (rng.randint(1, 3), rng.randint(4, 8)))
        else:
            parts.append("%02X" % rng.randint(0, 255))
    # A hex string must start and end with a byte.
    parts[0] = "%02X" % rng.randint(1, 255)
    parts[-1] = "%02X" % rng.randint(1, 255)
    return "{ " + " ".join(parts) + " }"


def string_def(rng, i):
    r = rng.random()
    if r < 0.45:
        return '$s%d = "%s"' % (i, token(rng))
    if r < 0.6:
        return '$s%d = "%s" nocase' % (i, token(rng))
    if r < 0.75:
        return '$s%d = "%s" wide ascii' % (i, token(rng))
    if r < 0.95:
        return "$s%d = %s" % (i, hex_string(rng))
    return "$s%d = /%s[0-9]{2,4}%s/" % (i, token(rng), rng.choice(WORDS))


def condition(rng, n):
    r = rng.random()
    if r < 0.3:
        return "any of them"
    if r < 0.55:
        return "%d of them" % min(n, 2)
    if r < 0.7:
        return "all of them"
    if r < 0.9:
        return "uint16(0) == 0x5A4D and %d of them" % min(n, 2)
    return "filesize < 2MB and any of them"


def rule(rng, k):
    n = rng.randint(2, 5)
    strings = "\n    ".join(string_def(rng, i) for i in range(n))
    tags = " ".join(rng.sample(["bench", "apt", "tool", "loader", "generic"], 2))
    return ("rule bench_rule_%04d : %s\n{\n  meta:\n    description = \"benchmark rule %d\"\n"
            "    score = %d\n  strings:\n    %s\n  condition:\n    %s\n}\n" %
            (k, tags, k, rng.randint(40, 90), strings, condition(rng, n)))


def main():
    n, out = int(sys.argv[1]), sys.argv[2]
    rng = random.Random(4242)
    rules = [rule(rng, k) for k in range(n)]
    os.makedirs(os.path.join(out, "split"), exist_ok=True)
    with open(os.path.join(out, "rules.yar"), "w") as f:
        f.write("\n".join(rules))
    per_file = 100
    for i in range(0, n, per_file):
        with open(os.path.join(out, "split", "rules_%03d.yar" % (i // per_file)), "w") as f:
            f.write("\n".join(rules[i:i + per_file]))


if __name__ == "__main__":
    main()
