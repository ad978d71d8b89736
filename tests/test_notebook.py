"""notebooks/explore.ipynb runs top to bottom (nbclient) on a seed dataset and draws its plots;
it is stored with its outputs cleared."""
import re
import subprocess
import sys
from pathlib import Path


import nbformat  # noqa: E402  (dev extra: a missing install must fail, not skip)
import nbclient  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOK = ROOT / "notebooks" / "explore.ipynb"


def test_notebook_is_stored_without_outputs():
    nb = nbformat.read(NOTEBOOK, as_version=4)
    nbformat.validate(nb)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert code and all(c.outputs == [] and c.execution_count is None for c in code)
    assert nb.metadata["kernelspec"]["name"] == "python3"


def _build(out: Path, *extra):
    r = subprocess.run([sys.executable, "-m", "pipeline", "run", *extra, "--out", str(out), "--workers", "1",
                        "--no-progress"], capture_output=True, text=True, cwd=ROOT, timeout=600)
    assert r.returncode == 0, r.stderr


def _execute(dataset: Path, monkeypatch):
    monkeypatch.setenv("THIDUA_DATASET", str(dataset))
    monkeypatch.setenv("MPLBACKEND", "Agg")
    nb = nbformat.read(NOTEBOOK, as_version=4)
    client = nbclient.NotebookClient(nb, kernel_name="python3", timeout=600,
                                     resources={"metadata": {"path": str(NOTEBOOK.parent)}})
    client.execute()
    return nb


def test_notebook_runs_on_the_seed_dataset(tmp_path, monkeypatch):
    _build(tmp_path / "dataset", "corpus/seeds")
    nb = _execute(tmp_path / "dataset", monkeypatch)
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    images = [o for o in outputs if o.output_type == "display_data" and "image/png" in o.get("data", {})]
    assert len(images) >= 4   # campaigns, clusters, network, events
    text = "".join(o.get("text", "") for o in outputs if o.output_type == "stream")
    assert f"dataset: {(tmp_path / 'dataset').resolve()}" in text
    counts = next(o for o in outputs if o.output_type == "execute_result"
                  and "articles" in o["data"].get("text/plain", ""))
    assert "articles" in counts["data"]["text/plain"]
    # 5 articles: everything fits, and the plots say so
    assert "clusters plot: all 3 cluster-years with members" in text
    assert "network 2021: all 1 clusters" in text and "network 2016" not in text   # Lạng Sơn's cluster lists none


def test_notebook_runs_on_an_empty_dataset(tmp_path, monkeypatch):
    (tmp_path / "empty" / "articles").mkdir(parents=True)   # a dataset folder with no rows yet
    nb = _execute(tmp_path / "empty", monkeypatch)
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    assert len([o for o in outputs if o.output_type == "display_data" and "image/png" in o.get("data", {})]) >= 3


def _png_size(o) -> tuple[int, int]:
    import base64
    import struct
    data = base64.b64decode(o["data"]["image/png"])
    return struct.unpack(">II", data[16:24])


def test_notebook_plots_stay_bounded_on_600_articles(tmp_path, monkeypatch):
    """The bench corpus (600 variants of the seeds): the plots show the top entries, say what
    they leave out, and keep a bounded size."""
    from pipeline.bench import make_corpus
    make_corpus(600, tmp_path / "corpus")
    r = subprocess.run([sys.executable, "-m", "pipeline", "run", str(tmp_path / "corpus"), "--out",
                        str(tmp_path / "dataset"), "--workers", "2", "--no-progress"],
                       capture_output=True, text=True, cwd=ROOT, timeout=1200)
    assert r.returncode == 0, r.stderr
    nb = _execute(tmp_path / "dataset", monkeypatch)
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    text = "".join(o.get("text", "") for o in outputs if o.output_type == "stream")
    notes = dict(l.split(": ", 1) for l in text.splitlines() if ": " in l and not l.startswith("dataset"))
    assert notes["campaigns plot"].startswith("top ") and " of " in notes["campaigns plot"]
    assert re.match(r"(top \d+|all \d+|\d+) of \d+ cluster-years", notes["clusters plot"])
    assert 1 <= sum(k.startswith("network ") for k in notes) <= 4
    images = [_png_size(o) for o in outputs if o.output_type == "display_data" and "image/png" in o.get("data", {})]
    assert len(images) >= 3 and all(w <= 2000 and h <= 4000 for w, h in images), images
