"""Runs each example in a reduced mode, so that they cannot silently rot.

The examples are imported and their ``main(argv)`` called in-process (faster
than a subprocess: jax is already imported). They run under JAX's standard
dtype promotion, as users run them: optax's Adam mixes its int32 step count
with Python floats, which the suite's strict mode rejects (rank promotion
stays "raise"). The full digits run (>= 95% held-out accuracy) is marked slow.
"""

import importlib.util
import inspect
import pathlib
import sys

import jax
import pytest

pytest.importorskip("optax")
pytest.importorskip("sklearn")
pytest.importorskip("tqdm")

EXAMPLES = pathlib.Path(__file__).resolve().parents[2] / "examples"


def load(name):
  if str(EXAMPLES) not in sys.path:  # unpool_autoencoder imports digits_cnn
    sys.path.insert(0, str(EXAMPLES))
  spec = importlib.util.spec_from_file_location(
      f"examples_{name}", EXAMPLES / f"{name}.py")
  module = importlib.util.module_from_spec(spec)
  # Registered first: dataclasses (a Flax Module's fields) look their
  # module up by name to resolve string annotations.
  sys.modules[spec.name] = module
  spec.loader.exec_module(module)
  return module


@pytest.fixture(autouse=True)
def standard_promotion():
  with jax.numpy_dtype_promotion("standard"):
    yield


def test_digits_cnn_reduced(capsys):
  result = load("digits_cnn").main(
      ["--epochs", "2", "--limit", "512", "--no-progress"])
  out = capsys.readouterr().out
  assert "digits: 512 training / 360 held-out images" in out
  # The per-layer table, in call order, with output shapes and params.
  table = out[out.index("layer"):out.index("total")]
  names = [line.split()[0] for line in table.splitlines()[2:-1]]
  assert names == ["input", "Conv_0", "ReLU_0", "MaxPool2d_0", "Conv_1",
                   "ReLU_1", "AvgPool2d_0", "Linear_0", "PReLU_0",
                   "Linear_1"]
  assert "(1, 2, 2, 64)" in table and "32,896" in table
  assert "held-out accuracy:" in out
  # 32 steps on 512 images (72% here): well above chance, not converged.
  assert 0.4 < result["accuracy"] <= 1.0


@pytest.mark.slow
def test_digits_cnn_full_run_reaches_95_percent():
  result = load("digits_cnn").main(["--no-progress"])
  assert result["accuracy"] >= 0.95


def test_digits_cnn_nnx_reduced(capsys):
  result = load("digits_cnn_nnx").main(
      ["--epochs", "2", "--limit", "512", "--no-progress"])
  out = capsys.readouterr().out
  assert "digits: 512 training / 360 held-out images" in out
  # The layer table, in call order, with jaxpool.nnx's layers and params.
  table = out[out.index("layer"):out.index("total")]
  rows = [line.split() for line in table.splitlines()[2:-1]]
  assert [r[1] for r in rows] == ["Conv", "ReLU", "MaxPool2d", "Conv", "ReLU",
                                  "AvgPool2d", "Linear", "PReLU", "Linear"]
  assert ["fc1", "Linear", "32,896"] in rows  # PyTorch's (128, 256) + 128
  assert "held-out accuracy:" in out
  # 32 steps on 512 images: well above chance, not converged.
  assert 0.4 < result["accuracy"] <= 1.0


@pytest.mark.slow
def test_digits_cnn_nnx_full_run_reaches_95_percent():
  result = load("digits_cnn_nnx").main(["--no-progress"])
  assert result["accuracy"] >= 0.95


def test_unpool_autoencoder_reduced(capsys):
  result = load("unpool_autoencoder").main(
      ["--epochs", "2", "--limit", "256", "--no-progress"])
  out = capsys.readouterr().out
  assert "reconstruction MSE before training" in out
  assert "reconstruction MSE after 2 epochs" in out
  assert result["after"] < 0.5 * result["before"]


def test_plot_activations_reduced(tmp_path):
  pytest.importorskip("matplotlib")
  path = tmp_path / "activations.png"
  out = load("plot_activations").main(
      ["--out", str(path), "--points", "64", "--dpi", "40"])
  assert out == str(path)
  data = path.read_bytes()
  assert data[:8] == b"\x89PNG\r\n\x1a\n"
  assert len(data) > 10_000  # 25 panels of curves, not an empty canvas


def test_plot_activations_writes_to_the_ignored_out_folder(tmp_path,
                                                           monkeypatch):
  """By default the PNG goes to out/, which .gitignore lists."""
  pytest.importorskip("matplotlib")
  monkeypatch.chdir(tmp_path)
  out = load("plot_activations").main(["--points", "16", "--dpi", "20"])
  assert pathlib.Path(out) == pathlib.Path("out", "activations.png")
  assert (tmp_path / "out" / "activations.png").exists()
  ignored = (EXAMPLES.parent / ".gitignore").read_text().splitlines()
  assert "/out/" in ignored


def test_plot_activations_covers_every_activation():
  """A new activation must be plotted or declared not elementwise."""
  pytest.importorskip("matplotlib")
  import jaxpool.functional as F
  from jaxpool._src import activations

  example = load("plot_activations")
  defined = {name for name, obj in vars(activations).items()
             if inspect.isfunction(obj) and obj.__module__.startswith(
                 activations.__name__ + ".") and name in F.__all__}
  plotted = {name for _, name, _ in example.PANELS}
  assert defined - plotted - example.NOT_ELEMENTWISE == set()
  assert plotted <= defined


def test_port_from_torch(capsys):
  pytest.importorskip("torch")
  result = load("port_from_torch").main(["--batch", "4"])
  out = capsys.readouterr().out
  assert "max abs difference from PyTorch" in out
  assert result["max_abs"] < 1e-4


def test_convert_resnet_reduced(capsys):
  pytest.importorskip("torch")
  example = load("convert_resnet")
  full = example.resnet18()
  assert sum(p.numel() for p in full.parameters()) == 11_689_512
  result = example.main(["--width", "8", "--size", "64", "--batch", "4",
                         "--classes", "10", "--steps", "3"])
  out = capsys.readouterr().out
  assert "converted in" in out
  assert "after loading the fine-tuned weights into PyTorch" in out
  # Before and after fine-tuning, PyTorch and the converted model agree.
  assert result["max_abs_before"] < 1e-4
  assert result["max_abs_after"] < 1e-4
  assert result["losses"][-1] < result["losses"][0]
