"""Review pages (pipeline/report.py): `thidua show` and `thidua report`, checked in a real
headless Chromium over the DevTools protocol: the page loads without console errors, its
script runs, and the DOM holds one highlighted span per extracted fact, whose characters are
the fact's text. Screenshots are kept in build/test-artifacts/ (or $THIDUA_TEST_ARTIFACTS)."""
from __future__ import annotations

import asyncio
import base64
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import urllib.request
from pathlib import Path

import pytest

import pipeline
from pipeline.report import article_facts, render_text, report, show
from pipeline.runner import run
from pipeline.store import read_table

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "corpus" / "seeds"
ARTIFACTS = Path(os.environ.get("THIDUA_TEST_ARTIFACTS", ROOT / "build" / "test-artifacts"))
BROWSERS = ("chromium", "chromium-browser", "google-chrome", "chrome")


def _browser() -> str | None:
    return next((p for p in map(shutil.which, BROWSERS) if p), None)


@pytest.fixture(scope="module")
def seed_ds(tmp_path_factory):
    out = tmp_path_factory.mktemp("rep") / "dataset"
    run([str(SEEDS)], out, workers=1, progress=False)
    return out


# --------------------------------------------------------------------------- without a browser
def test_render_text_cuts_at_fact_boundaries_and_stacks_overlaps():
    text = "Ông Lê Văn A – Chủ tịch Liên đoàn Lao động tỉnh phát biểu."
    facts = [dict(kind="official", text=text[4:47], canonical="Lê Văn A", start=4, end=47),
             dict(kind="organisation", text=text[24:47], canonical="LĐLĐ", start=24, end=47)]
    out = render_text(text, facts)
    assert out.count('class="start"') == 2
    assert re.sub(r"<[^>]+>", "", re.sub(r'<a class="start".*?</a>', "", out)) == text.replace("–", "–")
    assert 'data-facts="0 1"' in out and 'data-facts="0"' in out


def test_show_names_a_missing_article_in_one_line(seed_ds):
    from pipeline.cli import main
    assert main(["show", "0000000000000000", "--dataset", str(seed_ds)]) == 2


def test_show_prints_the_facts_without_html(seed_ds, capsys):
    from pipeline.cli import main
    aid = read_table(seed_ds, "articles").to_pylist()[0]["article_id"]
    assert main(["show", aid, "--dataset", str(seed_ds)]) == 0
    out = capsys.readouterr().out
    n = sum(1 for m in read_table(seed_ds, "mentions").to_pylist() if m["article_id"] == aid)
    assert out.splitlines()[0].startswith(aid) and f"({n} rows)" in out


# --------------------------------------------------------------------------- a headless browser
class Chromium:
    """Just enough of the DevTools protocol: open a page, evaluate JS, take a screenshot,
    and collect console errors and uncaught exceptions (tornado's websocket client)."""

    def __init__(self, exe: str):
        self.profile = tempfile.mkdtemp(prefix="thidua-chromium-")
        self.proc = subprocess.Popen(
            [exe, "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
             "--hide-scrollbars", "--remote-debugging-port=0", "--window-size=1400,1000",
             f"--user-data-dir={self.profile}", "about:blank"],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        url = None
        for line in self.proc.stderr:
            m = re.search(r"DevTools listening on (ws://\S+)", line)
            if m:
                url = m.group(1)
                break
        if url is None:
            self.close()
            raise RuntimeError("Chromium did not start its DevTools endpoint")
        port = re.search(r":(\d+)/", url).group(1)
        pages = json.load(urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list", timeout=30))
        self.ws_url = next(p["webSocketDebuggerUrl"] for p in pages if p["type"] == "page")
        self.loop = asyncio.new_event_loop()
        self.errors: list[str] = []
        self.ids = 0
        self.events: list[dict] = []
        self.ws = self.loop.run_until_complete(self._connect())
        for m in ("Runtime.enable", "Log.enable", "Page.enable"):
            self.call(m)

    async def _connect(self):
        from tornado.websocket import websocket_connect
        return await websocket_connect(self.ws_url, max_message_size=256 * 1024 * 1024)

    async def _call(self, method, params):
        self.ids += 1
        my = self.ids
        await self.ws.write_message(json.dumps({"id": my, "method": method, "params": params or {}}))
        while True:
            msg = await asyncio.wait_for(self.ws.read_message(), 60)
            if msg is None:
                raise RuntimeError("the browser closed the connection")
            data = json.loads(msg)
            if data.get("id") == my:
                if "error" in data:
                    raise RuntimeError(f"{method}: {data['error']}")
                return data.get("result", {})
            self._event(data)

    async def _until(self, name):
        while True:
            data = json.loads(await asyncio.wait_for(self.ws.read_message(), 60))
            self._event(data)
            if data.get("method") == name:
                return data

    def _event(self, data):
        m, p = data.get("method"), data.get("params", {})
        if m == "Runtime.consoleAPICalled" and p.get("type") in ("error", "assert"):
            self.errors.append("console: " + " ".join(str(a.get("value", a.get("description"))) for a in p["args"]))
        elif m == "Runtime.exceptionThrown":
            d = p["exceptionDetails"]
            self.errors.append("exception: " + d.get("exception", {}).get("description", d.get("text", "")))
        elif m == "Log.entryAdded" and p["entry"]["level"] == "error":
            self.errors.append(f"log: {p['entry']['text']} {p['entry'].get('url', '')}")

    def call(self, method, params=None):
        return self.loop.run_until_complete(self._call(method, params))

    def open(self, path: Path) -> None:
        self.errors.clear()
        self.call("Page.navigate", {"url": path.resolve().as_uri()})
        self.loop.run_until_complete(self._until("Page.loadEventFired"))

    def js(self, expr: str):
        r = self.call("Runtime.evaluate", {"expression": expr, "returnByValue": True, "awaitPromise": True})
        if "exceptionDetails" in r:
            raise AssertionError(r["exceptionDetails"])
        return r["result"].get("value")

    def screenshot(self, path: Path) -> None:
        r = self.call("Page.captureScreenshot", {"format": "png", "captureBeyondViewport": True})
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(base64.b64decode(r["data"]))

    def close(self):
        try:
            if getattr(self, "ws", None) is not None:
                self.ws.close()
                self.loop.run_until_complete(asyncio.sleep(0.05))
                self.loop.close()
        finally:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
            shutil.rmtree(self.profile, ignore_errors=True)


@pytest.fixture(scope="module")
def browser():
    exe = _browser()
    if exe is None:
        pytest.skip("headless Chromium not found (looked for: " + ", ".join(BROWSERS) + "); install it with "
                    "`apt-get install chromium` (.ci/run does) to check the review pages in a browser")
    b = Chromium(exe)
    yield b
    b.close()


# For each fact i: its label count, and the text of the highlighted pieces that carry it.
FACTS_JS = """
(function(){
  var out = {ready: document.body.getAttribute('data-ready'), starts: document.querySelectorAll('.start').length,
             rows: document.querySelectorAll('#facts tbody tr').length, texts: {}, labels: {}};
  document.querySelectorAll('.hl').forEach(function(hl){
    var own = '';
    hl.childNodes.forEach(function(n){ if (n.nodeType === 3) own += n.textContent; });
    hl.getAttribute('data-facts').split(' ').forEach(function(i){ out.texts[i] = (out.texts[i] || '') + own; });
  });
  document.querySelectorAll('.start').forEach(function(s){
    var i = s.getAttribute('data-fact'); out.labels[i] = (out.labels[i] || 0) + 1; });
  return out;
})()
"""


def test_review_page_has_one_highlight_per_fact_in_a_browser(seed_ds, tmp_path, browser):
    """Every seed's page: no console error, the script ran, one label per fact and the
    highlighted characters of each fact are its text; clicking a row marks its highlight."""
    con = pipeline.open_dataset(seed_ds)
    ids = [r[0] for r in con.execute("SELECT article_id FROM articles ORDER BY source").fetchall()]
    assert len(ids) == 5
    for n, aid in enumerate(ids):
        _art, facts = article_facts(con, aid)
        mentions = con.execute('SELECT text FROM mentions WHERE article_id = ? ORDER BY start, "end" DESC, kind, '
                               "method", [aid]).fetchall()
        page = tmp_path / f"{aid}.html"
        page.write_text(show(seed_ds, aid), encoding="utf-8")
        browser.open(page)
        got = browser.js(FACTS_JS)
        assert browser.errors == [], browser.errors
        assert got["ready"] == "1"
        assert got["starts"] == got["rows"] == len(mentions) == len(facts) > 10
        assert all(got["labels"][str(i)] == 1 for i in range(len(facts)))
        assert [got["texts"][str(i)] for i in range(len(facts))] == [m[0] for m in mentions]
        if n == 0:
            assert browser.js("document.querySelector('tr[data-fact=\"5\"]').click();"
                              "document.querySelectorAll('.hl.target').length") >= 1
            browser.screenshot(ARTIFACTS / "show_seed0.png")
    con.close()


def test_report_page_in_a_browser(seed_ds, tmp_path, browser):
    out, pages = report(seed_ds, tmp_path / "report.html")
    assert pages == 5
    browser.open(out)
    assert browser.errors == [], browser.errors
    dom = browser.js("""(function(){
      var links = Array.from(document.querySelectorAll('#t-articles a')).map(function(a){return a.getAttribute('href');});
      var box = document.querySelector('input[data-filter="t-clusters"]');
      var before = document.querySelectorAll('#t-clusters tbody tr').length;
      box.value = 'Hà Giang'; box.dispatchEvent(new Event('input'));
      var shown = Array.from(document.querySelectorAll('#t-clusters tbody tr')).filter(function(r){
        return r.style.display !== 'none';});
      return {ready: document.body.getAttribute('data-ready'), links: links, before: before,
              shown: shown.map(function(r){ return r.cells[0].textContent + '|' + r.cells[2].textContent + '|' +
                                                   r.cells[4].textContent + '|' + r.cells[6].textContent; }),
              heads: Array.from(document.querySelectorAll('h2')).map(function(h){ return h.textContent; })};
    })()""")
    assert dom["ready"] == "1"
    assert dom["before"] == read_table(seed_ds, "cluster_years").num_rows
    assert dom["shown"] == ["Cụm thi đua số 3|Hà Giang|2020|5"]
    assert {"Counts", "Cluster-years", "Organisations", "People", "Articles", "Clusters per province",
            "Facts per kind and year of publication"} <= set(dom["heads"])
    assert len(dom["links"]) == 5 and all((out.parent / h).exists() for h in dom["links"])
    browser.screenshot(ARTIFACTS / "report_seeds.png")
    browser.open(out.parent / dom["links"][0])    # a linked article page works too
    assert browser.errors == [] and browser.js("document.body.getAttribute('data-ready')") == "1"


def test_report_command_writes_the_pages(seed_ds, tmp_path):
    r = subprocess.run([sys.executable, "-m", "pipeline", "report", "--dataset", str(seed_ds), "--html",
                        str(tmp_path / "r.html")], capture_output=True, text=True, cwd=ROOT, timeout=600)
    assert r.returncode == 0, r.stderr
    assert (tmp_path / "r.html").exists() and len(list((tmp_path / "r_articles").glob("*.html"))) == 5
    html = (tmp_path / "r.html").read_text(encoding="utf-8")
    assert "<link" not in html and "src=" not in html   # self-contained: nothing fetched
