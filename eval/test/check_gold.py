#!/usr/bin/env python3
"""Consistency checks for eval/test/gold.jsonl (does not score anything).

usage: python3 eval/test/check_gold.py   (from the repository root or from eval/test)

- every article file exists and is 1,500-4,000 characters;
- every gold `text` (dates, periods, organisations, clusters, campaigns), title, author and
  official name occurs in its article (after the GUIDE's normalisation);
- every cluster member / leader / parent and every official organisation is one of the
  article's organisation canonicals (or null);
- no duplicate keys inside a field; date values are YYYY-MM-DD, YYYY-MM or --MM-DD.
"""
import json
import os
import re
import sys
import unicodedata

HERE = os.path.dirname(os.path.abspath(__file__))
_DASHES = dict.fromkeys(map(ord, "–—‐‑‒−"), "-")
_QUOTES = dict.fromkeys(map(ord, "“”\"‘’'«»„"), None)
KINDS = {"phong_trao", "van_dong", "chu_de", "hoi_thi", "chuong_trinh", "other"}


def norm(t):
    t = unicodedata.normalize("NFC", str(t)).translate(_DASHES).translate(_QUOTES)
    t = re.sub(r"\s+", " ", t.casefold().replace("\xa0", " ")).strip()
    t = re.sub(r"\s*-\s*", " - ", t)
    return t.strip(" .,;:()")


def main():
    errors = 0

    def err(art, msg):
        nonlocal errors
        errors += 1
        print(f"{art}: {msg}")

    for line in open(os.path.join(HERE, "gold.jsonl"), encoding="utf-8"):
        g = json.loads(line)
        art = g["article"]
        path = os.path.join(HERE, art)
        if not os.path.exists(path):
            err(art, "missing article file")
            continue
        raw = open(path, encoding="utf-8").read()
        body = norm(raw)
        if not 1500 <= len(raw) <= 4000:
            err(art, f"length {len(raw)} outside 1500-4000")

        def occurs(t, what):
            if norm(t) not in body:
                err(art, f"{what} not in text: {t!r}")

        if g["title"]:
            occurs(g["title"], "title")
        for a in g["authors"]:
            occurs(a, "author")
        for fld in ("dates", "periods", "organisations", "clusters", "campaigns"):
            for item in g[fld]:
                occurs(item["text"], fld)
        for o in g["officials"]:
            occurs(o["name"], "official name")
        for d in g["dates"]:
            if not re.fullmatch(r"\d{4}-\d\d(-\d\d)?|--\d\d-\d\d", d["value"]):
                err(art, f"bad date value {d['value']}")
        for c in g["campaigns"]:
            if c["kind"] not in KINDS:
                err(art, f"bad campaign kind {c}")
        canon = {norm(o["canonical"]) for o in g["organisations"]}
        for c in g["clusters"]:
            for role, names in (("member", c["members"]), ("leader", [c["leader"]]), ("parent", [c["parent"]])):
                for n in names:
                    if n is not None and norm(n) not in canon:
                        err(art, f"cluster {c['canonical']} {role} not an organisation canonical: {n}")
        for o in g["officials"]:
            if o["organisation"] is not None and norm(o["organisation"]) not in canon:
                err(art, f"official organisation not an organisation canonical: {o}")
        for fld, key in (("organisations", lambda x: norm(x["text"])), ("dates", lambda x: x["value"]),
                         ("periods", lambda x: (x["start"], x["end"])), ("campaigns", lambda x: norm(x["text"])),
                         ("clusters", lambda x: norm(x["canonical"])),
                         ("officials", lambda x: (norm(x["name"]), norm(x["title"])))):
            keys = [key(x) for x in g[fld]]
            dup = {k for k in keys if keys.count(k) > 1}
            if dup:
                err(art, f"duplicate {fld}: {dup}")
    print("errors:", errors)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
