"""A saved web page -> the article's lines and metadata, for the clean stage.

trafilatura (with htmldate for the date) takes the main content and the metadata: title,
publication date, authors, url, site name. What this module adds, each because trafilatura
alone is wrong on real Vietnamese pages (`../shared/realhtml/`):

* the headline is written as the first line: trafilatura leaves it out of the body, and the
  cleaned text keeps it (its span becomes the article's title);
* the visible headline (`<h1>`) wins over `og:title` when they are the same headline in other
  words (nld.com.vn rewords its `og:title`);
* the lead (sapo): most sites print the page's meta description above the article body,
  where trafilatura does not look (vnexpress.net, nld.com.vn, tuoitre.vn, vietnamnet.vn,
  baodautu.vn); when an element outside the body shows that text, it becomes the second line;
* htmldate reads only the page's markup (no extensive search of its text, which turned
  `năm 2024` in a fragment's sentence into 2024-01-01); a day without a time stays a day;
* the dateline printed under the headline (the first one among the elements after it, on
  the day htmldate found) is the line after the headline, so the publication time has a span;
* figure captions are kept (trafilatura drops `<figcaption>`), the images themselves are not;
* a byline the page shows as an element of its own, which trafilatura takes for metadata
  and leaves out of the body, ends the text;
* an `<h1>` that is the site's logo is not the headline (old union portals);
* layout tables (a page laid out in nested tables) are read as blocks, not as a data table;
* per-site rules kept as data (`models/boilerplate/site_rules.tsv`): related-article boxes and
  footers removed before extraction, each rule naming the real page it was written for.

The lines returned go through the same boilerplate rules as plain text (clean.py), so every
offset refers to the cleaned text. Nothing here reads the network: trafilatura is given the
decoded page, never a url to fetch.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import urlsplit

from . import resources

SITE_RULES = "boilerplate/site_rules.tsv"
MIN_BODY_CHARS = 80        # less text than this is no article (menus, an error page)
LAYOUT_CELL_CHARS = 300    # a table cell with more text than this is a page section, not data
TITLE_SIMILARITY = 70      # rapidfuzz token_set_ratio between <h1> and og:title: one headline
LEAD_PROBE_CHARS = 20      # the lead is looked for from the text nodes holding its first characters
DATELINE_WINDOW = 40       # the dateline is among this many elements after the headline

_IMAGE = re.compile(r"!\[[^\]\n]*\]\([^)\n]*\)")
_SPACES = re.compile(r"\s+")
_DOCUMENT = re.compile(r"<\s*(?:html|body|head)\b", re.I)
_SITE_SUFFIX = re.compile(r"\s+[-|–—]\s+")   # `Headline - Site name` in <title>
_TZ = re.compile(r"([+-]\d{2})(\d{2})$")
_DATE_ONLY = re.compile(r"^(\d{4}-\d{2}-\d{2})T00:00:00$")   # htmldate's day without a time


@dataclass(frozen=True)
class WebPage:
    """What a page holds for the clean stage: `text` is one line per block (headline, lead,
    paragraphs, captions, list items), the rest is metadata (None when the page lacks it)."""

    text: str
    title: str | None
    published: str | None      # ISO 8601 as precise as the page gives it
    authors: tuple[str, ...]
    url: str | None
    site: str | None


@lru_cache(maxsize=None)
def site_rules(base: str | None = None) -> dict[str, tuple[str, ...]]:
    """host -> the XPaths of the elements to remove before extraction
    (`models/boilerplate/site_rules.tsv`)."""
    acc: dict[str, list[str]] = {}
    for r in resources.load_table(SITE_RULES, base):
        if r["rule"] != "prune":
            raise ValueError(f"{SITE_RULES}: unknown rule {r['rule']!r} for {r['host']}")
        acc.setdefault(r["host"].lower(), []).append(r["xpath"])
    return {h: tuple(v) for h, v in acc.items()}


def host_of(url: str | None) -> str | None:
    if not url:
        return None
    try:
        host = (urlsplit(url.strip()).hostname or "").lower()
    except ValueError:
        return None
    return host[4:] if host.startswith("www.") else (host or None)


def rules_for(host: str | None) -> tuple[str, ...]:
    """The rules of `host` or of the nearest parent domain that has some."""
    table = site_rules()
    while host:
        if host in table:
            return table[host]
        _, _, host = host.partition(".")
    return ()


def _norm(s: str | None) -> str:
    return _SPACES.sub(" ", s or "").strip()


def _page_url(tree) -> str | None:
    for xp in ('//link[@rel="canonical"]/@href', '//meta[@property="og:url"]/@content'):
        v = tree.xpath(xp)
        if v and _norm(v[0]).startswith(("http://", "https://")):
            return _norm(v[0])
    return None


def _meta_description(tree) -> str:
    for xp in ('//meta[@name="description"]/@content', '//meta[@property="og:description"]/@content'):
        v = tree.xpath(xp)
        if v and _norm(v[0]):
            return _norm(v[0])
    return ""


def _visible_lead(tree, description: str) -> str | None:
    """The text of the element that shows the meta description (the sapo), or None.

    The element's whole text must open with the description's first 50 characters and be
    at most a little longer than it (a `(Dân trí) -` prefix, a trailing credit): a teaser in
    a related-articles box has other text around it."""
    if len(description) < 50:
        return None
    probe, limit = description[:50], len(description) * 1.5 + 40
    # from the text nodes holding the description's opening words up to the element that
    # shows the whole of it (scanning every element's text instead costs 40 ms a page)
    for node in tree.xpath("//body//text()[contains(., $p)]", p=description[:LEAD_PROBE_CHARS]):
        el = node.getparent()
        if node.is_tail:
            el = el.getparent()
        while el is not None:
            t = _norm(el.text_content())
            if len(t) > limit:
                break
            if t.startswith(probe):
                return t
            el = el.getparent()
    return None


def _visible_title(tree, meta_title: str | None) -> str | None:
    """The page's `<h1>` when it is the headline `og:title` words differently."""
    if not meta_title:
        return None
    from rapidfuzz import fuzz
    for h in tree.iter("h1"):
        t = _norm(h.text_content())
        if t and t != meta_title and 8 <= len(t) <= 300 \
                and fuzz.token_set_ratio(t.casefold(), meta_title.casefold()) >= TITLE_SIMILARITY:
            return t
    return None


_TABLE_PARTS = ("table", "thead", "tbody", "tfoot", "tr", "td", "th")


def _unwrap_layout_tables(tree) -> None:
    """Layout tables become plain blocks (`div`), so that trafilatura reads their cells as
    sections of the page, not as one data table: old portals (ASP.NET, Liferay) lay the whole
    page out in nested tables, and trafilatura then returns the menu, the sidebar and the body
    as one table. A table is for layout when it holds another table or a cell of running text
    (a long text, or paragraphs split by `<br>`). Data tables and captioned images stay."""
    for table in list(tree.iter("table")):
        if table.tag != "table":   # renamed with an outer layout table
            continue
        cells = [c for c in table.iter("td", "th")]
        layout = any(t is not table for t in table.iter("table")) or any(
            len(_norm(c.text_content())) > LAYOUT_CELL_CHARS or sum(1 for _ in c.iterchildren("br")) >= 2
            for c in cells)
        if not layout:
            continue
        for el in [table, *table.iter(*_TABLE_PARTS[1:])]:
            if el.getparent() is not None and _inside(el, table):
                el.tag = "div"
        table.tag = "div"


def _inside(el, table) -> bool:
    """Is `el` part of `table` itself (not of a table nested in one of its cells)?"""
    for anc in el.iterancestors():
        if anc is table:
            return True
        if anc.tag == "table":
            return False
    return False


def _is_logo(el) -> bool:
    for e in (el, el.getparent()):
        if e is not None and "logo" in f"{e.get('class', '')} {e.get('id', '')}".lower():
            return True
    return False


def _headline_after_logo(tree, title: str | None) -> str | None:
    """When the `<h1>` holding `title` is the site's logo (old portals put the site name in
    an `<h1>`), the headline is the first heading or `*title*` element after it."""
    if not title:
        return None
    logo = next((h for h in tree.xpath("//h1[normalize-space(.) = $t]", t=title) if _is_logo(h)), None)
    if logo is None:
        return None
    for el in logo.xpath("following::*[self::h1 or self::h2 or self::h3 or contains(@class, 'title')]"):
        t = _norm(el.text_content())
        if 8 <= len(t) <= 300 and t != title:
            return t
    return None


def _visible_authors(tree, authors: tuple[str, ...], body: list[str]) -> list[str]:
    """The authors trafilatura found that the page shows as an element of their own (a byline
    it leaves out of the body) and the body lacks: they become the last line."""
    text = "\n".join(body)
    return [a for a in authors if a not in text and tree.xpath("//body//*[normalize-space(.) = $a]", a=a)]


def _headline_element(tree, titles: list[str]):
    """The element that shows the headline: an `<h1>` holding one of `titles`, else any
    element holding exactly one of them, else the first `<h1>`."""
    for xp in ("//h1[normalize-space(.) = $t]", "//body//*[normalize-space(.) = $t]"):
        for t in titles:
            hit = tree.xpath(xp, t=t)
            if hit:
                return hit[0]
    h1 = tree.xpath("//h1[normalize-space(.)]")
    return h1[0] if h1 else None


def _dateline_near(anchor) -> str | None:
    """The first dateline among the elements after the headline (`07/03/2026 08:47`,
    `Thứ bảy, 07/03/2026 - 08:07`, `[Đăng ngày: 28/12/2022]`), as printed."""
    from .header import dateline_span
    if anchor is None:
        return None
    for el in anchor.xpath(f"following::*[position() <= {DATELINE_WINDOW}]"):
        t = _norm(el.text_content())
        if not t or len(t) > 120 or not any(c.isdigit() for c in t):
            continue
        sp = dateline_span(t)
        if sp:
            return t[sp[0]:sp[1]]
    return None


def _iso(date: str | None) -> str | None:
    if not date:
        return None
    m = _DATE_ONLY.match(date)
    return m.group(1) if m else _TZ.sub(r"\1:\2", date)   # ISO 8601 offset: +07:00


def _authors(author: str | None) -> tuple[str, ...]:
    return tuple(a for a in (_norm(x) for x in (author or "").split(";")) if a)


def _lines(text: str) -> list[str]:
    out = []
    for line in text.split("\n"):
        line = _norm(_IMAGE.sub(" ", line))
        if line and line != "-":   # a list item that held only an image
            out.append(line)
    return out


def extract_page(html: str, url: str | None = None) -> WebPage | None:
    """The article of a saved page, or None when it has no article body."""
    from trafilatura import bare_extraction
    from trafilatura.utils import load_html

    if not _DOCUMENT.search(html[:4096]):
        html = f"<html><body><div>{html}</div></body></html>"   # a fragment (a scraper's body): trafilatura wants a page
    try:
        tree = load_html(html)
    except (ValueError, TypeError):
        return None
    if tree is None:
        return None
    page_url = url or _page_url(tree)
    prune = rules_for(host_of(page_url))
    for fc in tree.iter("figcaption"):
        fc.tag = "p"   # trafilatura drops figure captions; the cleaned text keeps them
    description = _meta_description(tree)
    lead = _visible_lead(tree, description)
    meta_title = tree.xpath('string(//meta[@property="og:title"]/@content)') or None
    h1_title = _visible_title(tree, _norm(meta_title) or None)
    page_title = _norm(tree.findtext(".//title"))
    titles = [t for t in (h1_title, _norm(meta_title), page_title, *_SITE_SUFFIX.split(page_title)[:1]) if t]
    dateline = _dateline_near(_headline_element(tree, titles))
    _unwrap_layout_tables(tree)
    doc = bare_extraction(
        tree, url=page_url, with_metadata=True, include_comments=False, include_tables=True,
        include_images=True, deduplicate=False, prune_xpath=list(prune) or None,
        date_extraction_params={"original_date": True, "extensive_search": False,
                                "outputformat": "%Y-%m-%dT%H:%M:%S%z"})
    if doc is None:
        return None
    body = _lines(doc.text or "")
    if len(" ".join(body)) < MIN_BODY_CHARS:
        return None
    title = h1_title or _norm(doc.title) or None
    title = _headline_after_logo(tree, title) or title
    published = _iso(doc.date)
    head: list[str] = []
    if title:
        if body[0] == title:   # trafilatura kept the headline: it goes first, the dateline under it
            body = body[1:]
        head.append(title)
    if dateline and not any(dateline in line for line in body[:6]):
        from .header import parse_dateline
        day = parse_dateline(dateline)
        if not published or (day and day[:10] == published[:10]):   # a related article's time is no dateline
            head.append(dateline)
    if lead and not any(lead[:50] in line for line in body[:6]):
        head.append(lead)
    authors = _authors(doc.author)
    tail = _visible_authors(tree, authors, body)
    return WebPage(text="\n".join(head + body + tail), title=title, published=published,
                   authors=authors, url=url or doc.url or page_url, site=_norm(doc.sitename) or None)
