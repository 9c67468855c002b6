#!/usr/bin/env python3
"""Generates N findings (NDJSON, the shape `shrike hunt` writes) over H hosts
in O organisations, with the Palmerworm pack's C2 domains and addresses, plus
the matching assets CSV.

usage: gen_findings.py OUT_DIR N [HOSTS] [ORGS]
"""
import json
import os
import random
import sys

out, n = sys.argv[1], int(sys.argv[2])
hosts = int(sys.argv[3]) if len(sys.argv) > 3 else 5000
orgs = int(sys.argv[4]) if len(sys.argv) > 4 else 50
random.seed(42)
os.makedirs(out, exist_ok=True)
domains = ["loop.microsoftmse.com", "asiainfo.hpcloudnews.com"]
addresses = ["103.40.112.228", "172.104.92.110", "45.76.218.116", "45.77.181.203"]
sectors = [("media", "TW"), ("engineering", "JP"), ("construction", "CN"), ("finance", "US")]
start = 1564617600  # 2019-08-01
with open(os.path.join(out, "assets.csv"), "w") as f:
    f.write("host,organization,sector,country\n")
    for h in range(hosts):
        s, c = sectors[(h % orgs) % len(sectors)]
        f.write(f"host-{h:05d},Org {h % orgs:03d},{s},{c}\n")
with open(os.path.join(out, "findings.ndjson"), "w") as f:
    for i in range(n):
        ts = start + random.randrange(400 * 86400)
        t = "%04d-%02d-%02dT%02d:%02d:%02dZ" % __import__("time").gmtime(ts)[:6]
        dns = random.random() < 0.5
        value = random.choice(domains) if dns else random.choice(addresses)
        rec = {"@timestamp": t,
               "event": {"kind": "alert", "category": ["network"], "dataset": "shrike.hunt",
                         "severity": 85, "risk_score": 85},
               "host": {"name": f"host-{random.randrange(hosts):05d}"},
               "log": {"file": {"path": "logs/eve.json"}, "offset": i * 300},
               "threat": {"enrichments": [{
                   "matched": {"atomic": value,
                               "field": "dns.question.name" if dns else "destination.ip",
                               "type": "indicator_match_rule"},
                   "indicator": {"type": "domain-name" if dns else "ipv4-addr",
                                 "provider": "Shrike packs", "confidence": 85}}],
                   "group": {"name": "Palmerworm", "alias": ["BlackTech"]}},
               "rule": {"ruleset": "ioc", "name": "Palmerworm 2019-2020 indicator"}}
        f.write(json.dumps(rec, separators=(",", ":")) + "\n")
