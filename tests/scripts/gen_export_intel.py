#!/usr/bin/env python3
"""Writes N synthetic indicators as Shrike CSV (type,value,campaign,source).

Mixed types: domains, ipv4, ipv6, cidr, urls, sha256, md5, emails, spread over
a few campaigns. Deterministic (fixed seed) so exports can be compared.
"""
import hashlib
import random
import sys


def main():
    n, out = int(sys.argv[1]), sys.argv[2]
    rnd = random.Random(8)
    kinds = ["domain", "ipv4", "ipv6", "cidr", "url", "sha256", "md5", "email"]
    words = ["alpha", "cloud", "update", "cdn", "mail", "news", "secure", "login", "data"]
    with open(out, "w", encoding="utf-8") as f:
        f.write("type,value,campaign,source\n")
        for i in range(n):
            kind = kinds[i % len(kinds)]
            campaign = "Synthetic campaign %d" % (i % 4)
            host = "%s%d.%s-%d.example%d.com" % (rnd.choice(words), i, rnd.choice(words),
                                                 rnd.randrange(1000), i % 7)
            if kind == "domain":
                value = host
            elif kind == "ipv4":
                value = "%d.%d.%d.%d" % (rnd.randrange(1, 224), rnd.randrange(256),
                                         rnd.randrange(256), rnd.randrange(1, 255))
            elif kind == "ipv6":
                value = "2001:db8:%x:%x::%x:%x" % (rnd.randrange(65536), rnd.randrange(65536),
                                                i >> 16, i & 0xffff)
            elif kind == "cidr":
                value = "%d.%d.%d.0/24" % (rnd.randrange(1, 224), rnd.randrange(256),
                                           rnd.randrange(256))
            elif kind == "url":
                value = "http://%s/path/%d/index.php?id=%d" % (host, i, rnd.randrange(10**6))
            elif kind == "sha256":
                value = hashlib.sha256(b"s%d" % i).hexdigest()
            elif kind == "md5":
                value = hashlib.md5(b"m%d" % i).hexdigest()
            else:
                value = "user%d@%s" % (i, host)
            f.write("%s,%s,%s,generated-%d.csv\n" % (kind, value, campaign, i % 3))


if __name__ == "__main__":
    main()
