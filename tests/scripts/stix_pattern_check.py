#!/usr/bin/env python3
"""Checks STIX patterns with an ANTLR parser generated from STIXPattern.g4.

usage: stix_pattern_check.py GEN_DIR [--controls SPEC_EXAMPLES] BUNDLE.json...

Every `pattern` of every indicator (pattern_type stix) in the bundles must
parse without a syntax error. Controls check the harness: every line of the
spec examples must parse, and known-bad patterns (among them an unquoted
'SHA-256' path step, the mistake a writer is most likely to make) must fail.
Exits 1 on any failure.
"""
import json
import sys

BAD_PATTERNS = [
    "[file:name = 'a'",
    "[file:name = 'a' AND]",
    "file:name = 'a'",
    "[file:hashes.SHA-256 = 'aa']",
    "[file:name = 'it's']",
    "[domain-name:value = 'a'] WITHIN SECONDS",
]


def main(argv):
    args = argv[1:]
    if not args:
        print(__doc__)
        return 2
    sys.path.insert(0, args.pop(0))
    controls = None
    if args and args[0] == "--controls":
        controls = args[1]
        args = args[2:]
    from antlr4 import CommonTokenStream, InputStream
    from antlr4.Recognizer import Recognizer
    from antlr4.error.ErrorListener import ErrorListener
    from STIXPatternLexer import STIXPatternLexer
    from STIXPatternParser import STIXPatternParser

    # Debian's antlr4 tool is 4.7.2 and its Python runtime 4.9.1: the runtime
    # prints a version warning per parser. The controls below are what shows
    # that the pair works, so the warning is printed once and then silenced.
    print("note: generated code 4.7.2 on runtime", getattr(__import__("antlr4"), "__version__", "4.9.x"))
    Recognizer.checkVersion = lambda self, tool_version: None

    class Collect(ErrorListener):
        def __init__(self):
            super().__init__()
            self.errors = []

        def syntaxError(self, recognizer, offending, line, column, msg, e):
            self.errors.append(f"{line}:{column}: {msg}")

    def errors_of(pattern):
        listener = Collect()
        lexer = STIXPatternLexer(InputStream(pattern))
        lexer.removeErrorListeners()
        lexer.addErrorListener(listener)
        parser = STIXPatternParser(CommonTokenStream(lexer))
        parser.removeErrorListeners()
        parser.addErrorListener(listener)
        parser.pattern()
        return listener.errors

    failures = 0
    if controls:
        with open(controls, encoding="utf-8") as f:
            for line in filter(None, (l.rstrip("\n") for l in f)):
                if errors_of(line):
                    print(f"CONTROL FAIL: spec example does not parse: {line}: {errors_of(line)}")
                    failures += 1
    for bad in BAD_PATTERNS:
        if not errors_of(bad):
            print(f"CONTROL FAIL: bad pattern parsed: {bad}")
            failures += 1

    checked = 0
    for path in args:
        with open(path, encoding="utf-8") as f:
            bundle = json.load(f)
        for obj in bundle.get("objects", []):
            if obj.get("type") != "indicator" or obj.get("pattern_type", "stix") != "stix":
                continue
            checked += 1
            errs = errors_of(obj.get("pattern", ""))
            if errs:
                print(f"FAIL {path}: {obj.get('id')}: {obj.get('pattern')!r}: {'; '.join(errs)}")
                failures += 1
    print(f"{checked} patterns checked, {failures} failures")
    if checked == 0:
        print("FAIL: no pattern to check")
        return 1
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
