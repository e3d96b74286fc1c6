#!/usr/bin/env python3
"""Summarise meson test logs (testlog JSON) into one line per test and the
closing line "N passed, N failed, N skipped".

usage: summary.py [--fail NAME:REASON | --pass NAME | --skip NAME:REASON]...
                  LABEL=LOG.json...
A missing or empty LOG counts as one failure: a suite that did not run
must never look like a pass. Exit status 1 on any failure."""
import json
import sys

PASS = {"OK", "EXPECTEDFAIL"}
SKIP = {"SKIP"}


def reason(stdout, tag):
    """The last 'TAG: ...' line a test printed, else its last line."""
    lines = [l for l in (stdout or "").splitlines() if l.strip()]
    tagged = [l for l in lines if l.startswith(tag + ":")]
    if tagged:
        return tagged[-1][len(tag) + 1:].strip()
    plain = [l for l in lines if not l.startswith("PIGLIT:")]
    return plain[-1].strip() if plain else "no output"


def main(argv):
    passed = failed = skipped = 0
    args = iter(argv)
    for arg in args:
        if arg == "--fail":
            name, _, why = next(args).partition(":")
            print(f"FAIL  {name}: {why}")
            failed += 1
            continue
        if arg == "--skip":
            name, _, why = next(args).partition(":")
            print(f"SKIP  {name}: {why}")
            skipped += 1
            continue
        if arg == "--pass":
            print(f"PASS  {next(args)}")
            passed += 1
            continue
        label, _, path = arg.partition("=")
        try:
            with open(path) as f:
                tests = [json.loads(l) for l in f if l.strip()]
        except (OSError, ValueError) as e:
            tests, err = [], str(e)
        else:
            err = "the log lists no test"
        if not tests:
            print(f"FAIL  {label}: no results ({err})")
            failed += 1
            continue
        for t in tests:
            name = f"{t['name'].split(' / ')[-1]} [{label}]"
            if t["result"] in PASS:
                passed += 1
                print(f"PASS  {name}")
            elif t["result"] in SKIP:
                skipped += 1
                print(f"SKIP  {name}: {reason(t.get('stdout'), 'SKIP')}")
            else:
                failed += 1
                why = reason(t.get("stdout"), "FAIL")
                print(f"FAIL  {name}: {t['result']}: {why}")
    print(f"{passed} passed, {failed} failed, {skipped} skipped")
    return 1 if failed or not passed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
