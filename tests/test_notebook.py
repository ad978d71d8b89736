"""notebooks/explore.ipynb runs top to bottom (nbclient) on a seed dataset and draws its plots;
it is stored with its outputs cleared."""
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


def test_notebook_runs_on_an_empty_dataset(tmp_path, monkeypatch):
    (tmp_path / "empty").mkdir()
    nb = _execute(tmp_path / "empty", monkeypatch)
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    assert len([o for o in outputs if o.output_type == "display_data" and "image/png" in o.get("data", {})]) >= 3
