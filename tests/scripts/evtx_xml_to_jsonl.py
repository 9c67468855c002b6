#!/usr/bin/python3
"""evtxexport -f xml output on stdin -> evtx_dump-style JSON lines on stdout.

Test helper until the EVTX reader lands: each <Event> becomes
{"Event":{"System":{...,"#attributes"...},"EventData":{...}}}, the shape of
the `evtx` crate's JSON that `shrike hunt` reads as dialect "evtx".
"""
import json
import re
import sys
import xml.etree.ElementTree as ET

NS = re.compile(r"^\{[^}]*\}")


def local(tag):
    return NS.sub("", tag)


def system(elem):
    out = {}
    for child in elem:
        name = local(child.tag)
        if child.attrib:
            node = {"#attributes": dict(child.attrib)}
            if child.text and child.text.strip():
                node["#text"] = child.text
            out[name] = node
        else:
            out[name] = child.text if child.text is not None else None
    return out


def data(elem):
    out = {}
    for i, child in enumerate(elem):
        name = child.attrib.get("Name") or local(child.tag)
        if len(child):
            out.update(data(child))
        else:
            out[name] = child.text if child.text is not None else ""
    return out


def main():
    text = sys.stdin.read()
    for chunk in re.findall(r"<Event[ >].*?</Event>", text, re.S):
        try:
            root = ET.fromstring(chunk)
        except ET.ParseError:
            continue
        event = {}
        for part in root:
            name = local(part.tag)
            event[name] = system(part) if name == "System" else data(part)
        print(json.dumps({"Event": event}))


main()
