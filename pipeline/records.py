"""Conversions of a ProcessedArticle: to dataset rows (one list per table) and to the gold
JSON format of GUIDE.md (what `extract` prints and `eval` scores)."""
from __future__ import annotations

import os
from datetime import datetime
from typing import Any

from . import identity
from .identity import norm_key
from .model import ProcessedArticle


def _prov(article_id: str, f) -> dict[str, Any]:
    return dict(article_id=article_id, text=f.text, start=f.start, end=f.end,
                sent_index=f.sent_index, method=f.method)


def _timestamp(iso: str | None) -> datetime | None:
    if not iso or iso.startswith("--"):
        return None
    for fmt in ("%Y-%m-%dT%H:%M", "%Y-%m-%d", "%Y-%m"):
        try:
            return datetime.strptime(iso, fmt)
        except ValueError:
            pass
    return None


def article_rows(p: ProcessedArticle, pipeline_version: str, run_id: str | None = None) -> dict[str, list[dict]]:
    """All rows one article contributes, keyed by table name."""
    aid, ex, clean = p.article_id, p.extraction, p.doc.clean
    rows: dict[str, list[dict]] = {}
    rows["articles"] = [dict(
        article_id=aid, source=clean.source, fmt=clean.fmt, url=clean.url, site=clean.site, title=ex.title,
        published_at=_timestamp(ex.published), published=ex.published, province=ex.province,
        authors=[a.name for a in ex.authors], text=clean.text, content_sha256=p.content_sha256,
        n_sentences=len(p.doc.sentences), n_tokens=p.doc.n_tokens, repairs=list(clean.repairs),
        pipeline_version=pipeline_version, run_id=run_id,
    )]
    rows["sentences"] = [dict(
        article_id=aid, sent_index=s.index, start=s.start, end=s.end, text=s.text,
        tokens=[t.text for t in s.tokens], token_starts=[t.start for t in s.tokens],
        token_ends=[t.end for t in s.tokens],
    ) for s in p.doc.sentences]
    rows["mentions"] = [dict(_prov(aid, f), kind=kind, normalized=_normalized(kind, f))
                        for kind, f in ex.facts()]
    rows["dates"] = [dict(_prov(aid, d), value=d.value, precision=d.precision, role=d.role)
                     for d in ([ex.published_fact] if ex.published_fact else []) + ex.dates]
    rows["periods"] = [dict(_prov(aid, x), start_year=x.start_year, end_year=x.end_year) for x in ex.periods]
    rows["campaigns"] = [dict(_prov(aid, c), name=c.name, kind=c.kind, campaign_id=identity.campaign_id(c.name))
                         for c in ex.campaigns]
    rows["organisations"] = [dict(_prov(aid, o), canonical=o.canonical, org_id=identity.org_id(o.canonical),
                                  kind=o.kind, level=o.level, place=o.place) for o in ex.organisations]
    rows["clusters"] = [dict(_prov(aid, c), canonical=c.canonical, cluster_id=cluster_id(c.parent, c.canonical, ex.province),
                             parent=c.parent, year=c.year, leader=c.leader, deputy=c.deputy, members=list(c.members))
                        for c in ex.clusters]
    parents = {c.canonical: c.parent for c in ex.clusters}
    rows["cluster_members"] = [dict(_prov(aid, m), cluster=m.cluster, cluster_id=cluster_id(parents.get(m.cluster), m.cluster, ex.province),
                                    member=m.member, member_id=identity.org_id(m.member), role=m.role, year=m.year)
                               for m in ex.members]
    rows["officials"] = [dict(_prov(aid, o), name=o.name, title=o.title, organisation=o.organisation,
                              official_id=identity.official_id(o.name, o.organisation, ex.province))
                         for o in ex.officials]
    rows["authors"] = [dict(_prov(aid, a), name=a.name) for a in ex.authors]
    rows["events"] = [dict(_prov(aid, e), event_id=identity.event_id(aid, e.type, e.organiser_id, e.date, i),
                           type=e.type, date=e.date, date_precision=e.date_precision, organiser=e.organiser,
                           organiser_id=e.organiser_id, organiser_kind=e.organiser_kind, place=e.place,
                           participants=list(e.participants))
                      for i, e in enumerate(ex.events)]
    return rows


def cluster_id(parent: str | None, canonical: str, province: str | None = None) -> str:
    """A cluster is named within its federation: `Cụm thi đua số 3` of Hà Giang is not Hà Nội's
    (see pipeline.identity.cluster_id)."""
    return identity.cluster_id(parent, canonical, province)


def _normalized(kind: str, f) -> str | None:
    if kind == "event":
        return f.type
    for attr in ("value", "canonical", "name"):
        v = getattr(f, attr, None)
        if isinstance(v, str):
            return v
    if kind == "period":
        return f"{f.start_year}-{f.end_year}"
    return None



def gold_record(p: ProcessedArticle) -> dict[str, Any]:
    """The GUIDE.md record for one article: distinct values per field, in text order."""
    ex = p.extraction

    def distinct(items, key):
        seen, out = set(), []
        for it in items:
            k = key(it)
            if k not in seen:
                seen.add(k)
                out.append(it)
        return out

    return {
        "article": os.path.basename(p.doc.clean.source),
        "province": ex.province,
        "title": ex.title,
        "published": ex.published,
        "authors": [a.name for a in distinct(ex.authors, lambda a: norm_key(a.name))],
        "dates": [{"text": d.text, "value": d.value} for d in distinct(ex.dates, lambda d: d.value)],
        "periods": [{"text": x.text, "start": x.start_year, "end": x.end_year}
                    for x in distinct(ex.periods, lambda x: (x.start_year, x.end_year))],
        "organisations": [{"text": o.text, "canonical": o.canonical}
                          for o in distinct(ex.organisations, lambda o: norm_key(o.text))],
        "clusters": [{"text": c.text, "canonical": c.canonical, "parent": c.parent, "members": list(c.members),
                      "leader": c.leader, "year": c.year}
                     for c in distinct(ex.clusters, lambda c: norm_key(c.canonical))],
        "officials": [{"name": o.name, "title": o.title, "organisation": o.organisation}
                      for o in distinct(ex.officials, lambda o: (norm_key(o.name), norm_key(o.title), norm_key(o.organisation)))],
        "campaigns": [{"text": c.name, "kind": c.kind} for c in distinct(ex.campaigns, lambda c: norm_key(c.name))],
        "events": [{"type": e.type, "text": e.text, "date": e.date, "organiser": e.organiser, "place": e.place}
                   for e in distinct(ex.events, lambda e: (e.type, e.date, norm_key(e.organiser)))],
    }
