#!/usr/bin/env python3
"""Consistency check of eval/holdout/gold.jsonl against the holdout articles.

usage: python3 eval/holdout/check_gold.py   (from the repo root or anywhere)

Checks, per article: every gold `text` (dates, periods, organisations, clusters, campaigns),
the title and the authors occur in the article (exact substring); every cluster member,
leader and parent and every official's organisation is one of the article's organisation
canonicals (or null); canonicals carry no unexpanded abbreviation; values are well formed;
no duplicate keys that the scorer would collapse. Exits 1 on any problem.
"""
import json
import pathlib
import re
import sys
import unicodedata

HERE = pathlib.Path(__file__).resolve().parent
ABBR = re.compile(r"\b(LĐLĐ|TLĐ|CĐCS|CĐVC|CĐ|UBND|HĐND|MTTQ|BCH|BTV|GD&ĐT|GD-ĐT|ĐBQH|KCN|TP)\b")
FIELDS = "article province title published authors dates periods organisations clusters officials campaigns".split()
KINDS = {"phong_trao", "van_dong", "chu_de", "hoi_thi", "chuong_trinh", "other"}


def norm(s):
    s = unicodedata.normalize("NFC", s).casefold()
    s = s.translate(dict.fromkeys(map(ord, "–—‐‑‒−"), "-")).translate(dict.fromkeys(map(ord, "“”\"‘’'"), None))
    return re.sub(r"\s+", " ", s).strip(" .,;:()")


def main():
    problems = []
    gold = [json.loads(l) for l in (HERE / "gold.jsonl").read_text(encoding="utf-8").splitlines() if l.strip()]
    files = sorted(p.name for p in HERE.glob("h*.txt"))
    if sorted(g["article"] for g in gold) != files:
        problems.append(f"articles in gold {sorted(g['article'] for g in gold)} != files {files}")
    for g in gold:
        a = g["article"]
        text = (HERE / a).read_text(encoding="utf-8")
        bad = lambda msg: problems.append(f"{a}: {msg}")
        if list(g) != FIELDS:
            bad(f"fields {list(g)}")
        if not 1500 <= len(text) <= 3500:
            bad(f"length {len(text)}")
        if text != unicodedata.normalize("NFC", text):
            bad("article not NFC")
        if g["title"] and g["title"] not in text:
            bad(f"title not in text: {g['title']!r}")
        if g["published"] and not re.fullmatch(r"\d{4}-\d\d-\d\d(T\d\d:\d\d)?", g["published"]):
            bad(f"published {g['published']!r}")
        if g["province"] and g["province"] not in text:
            bad(f"province not in text {g['province']!r}")
        for au in g["authors"]:
            if au not in text:
                bad(f"author not in text {au!r}")
        for field in ("dates", "periods", "organisations", "clusters", "campaigns"):
            for item in g[field]:
                if item["text"] not in text:
                    bad(f"{field} text not in article: {item['text']!r}")
        for d in g["dates"]:
            if not re.fullmatch(r"(\d{4}|-)-\d\d(-\d\d)?", d["value"]):
                bad(f"date value {d['value']!r}")
        for p in g["periods"]:
            if not (isinstance(p["start"], int) and isinstance(p["end"], int) and p["start"] < p["end"]):
                bad(f"period {p}")
            if str(p["start"]) not in p["text"] or str(p["end"]) not in p["text"]:
                bad(f"period years not in its text {p}")
        orgs = {o["canonical"] for o in g["organisations"]}
        texts = [norm(o["text"]) for o in g["organisations"]]
        if len(texts) != len(set(texts)):
            bad(f"duplicate organisation texts {sorted(t for t in texts if texts.count(t) > 1)}")
        for o in g["organisations"]:
            if ABBR.search(o["canonical"]):
                bad(f"abbreviation left in canonical {o['canonical']!r}")
        for c in g["clusters"]:
            for m in c["members"] + [c["leader"], c["parent"]]:
                if m is not None and m not in orgs:
                    bad(f"cluster {c['canonical']}: {m!r} not an organisation canonical")
            if c["leader"] and c["members"] and c["leader"] not in c["members"]:
                bad(f"cluster {c['canonical']}: leader not among members")
            if not isinstance(c["year"], (int, type(None))):
                bad(f"cluster year {c['year']!r}")
        keys = [(norm(o["name"]), norm(o["title"])) for o in g["officials"]]
        if len(keys) != len(set(keys)):
            bad("duplicate (name, title) officials")
        for o in g["officials"]:
            if o["name"] not in text:
                bad(f"official name not in text {o['name']!r}")
            if o["organisation"] is not None and o["organisation"] not in orgs:
                bad(f"official {o['name']}: {o['organisation']!r} not an organisation canonical")
        camp = [norm(c["text"]) for c in g["campaigns"]]
        if len(camp) != len(set(camp)):
            bad("duplicate campaigns")
        for c in g["campaigns"]:
            if c["kind"] not in KINDS:
                bad(f"campaign kind {c['kind']!r}")
        vals = [d["value"] for d in g["dates"]]
        if len(vals) != len(set(vals)):
            bad("duplicate date values")
    for p in problems:
        print(p)
    print(f"{len(gold)} articles checked, {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
