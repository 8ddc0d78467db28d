"""The benchmark times what its table says: forward+backward rows return the
gradient, for jaxpool and Flax alike (a row once timed the forward only)."""

import importlib.util
import os
import sys

import jax
import numpy as np
import pytest

import jaxpool

_PATH = os.path.join(os.path.dirname(__file__), "..", "..", "benchmarks",
                     "run.py")
_spec = importlib.util.spec_from_file_location("benchmark_run", _PATH)
run = importlib.util.module_from_spec(_spec)
sys.modules[_spec.name] = run  # (its dataclasses look their module up)
_spec.loader.exec_module(run)

TINY = run.Shape("tiny 2x9x9x3 k3s2p1", (2, 9, 9, 3), 3, 2, 1)


@pytest.mark.parametrize("op", sorted(run.OPS))
def test_every_row_computes_what_it_names(op):
  x_np = np.abs(np.random.default_rng(0).standard_normal(TINY.shape,
                                                         np.float32)) + 0.1
  with jax.numpy_dtype_promotion("standard"), jaxpool.schedule("auto"):
    # (Flax's own code needs standard promotion.)
    impls = run._jax_impls(op, TINY, jax.numpy.asarray(x_np), run.OPS[op],
                           forced=("xla",))
    assert set(impls) == {"jaxpool", "jaxpool_xla", "flax"}
    outs = {name: impl.run() for name, impl in impls.items()}
  for name, out in outs.items():
    if "_bwd" in op:
      _, grad = out
      # Unpool is differentiated with respect to the pooled values.
      want = (2, 5, 5, 3) if op == "unpool_fwd_bwd" else x_np.shape
      assert grad.shape == want, (name, grad.shape)
    elif op == "max_fwd_indices":
      assert len(out) == 2 and out[1].dtype.kind == "i", name
    else:
      assert out.shape == (2, 5, 5, 3), (name, out.shape)
  # Both schedules give the same numbers and indices.
  for a, b in zip(jax.tree.leaves(outs["jaxpool"]),
                  jax.tree.leaves(outs["jaxpool_xla"])):
    np.testing.assert_allclose(np.asarray(a), np.asarray(b), rtol=1e-6,
                               atol=1e-7)
  # jaxpool and Flax/lax compute the same thing (for unpool, the values:
  # a plain scatter's gradient reaches one of two windows sharing a max,
  # PyTorch's and jaxpool's reach both).
  pairs = zip(jax.tree.leaves(outs["jaxpool"]), jax.tree.leaves(outs["flax"]))
  for a, b in list(pairs)[:1] if op == "unpool_fwd_bwd" else pairs:
    np.testing.assert_allclose(np.asarray(a), np.asarray(b), rtol=1e-5,
                               atol=1e-6)
  # The forced column is the xla schedule's program, the other this CPU's
  # (unpooling this small scatters in both, with no window reduction).
  if op != "unpool_fwd_bwd":
    xla_hlo = impls["jaxpool_xla"].compiled.as_text()
    cpu_hlo = impls["jaxpool"].compiled.as_text()
    assert "conditional" not in xla_hlo
    # A max with indices or a gradient is the winner's value, from its
    # chain of selects: no reduce_window there.
    if op not in ("max_fwd_indices", "max_fwd_bwd"):
      assert "reduce-window" in xla_hlo
    assert "reduce-window" not in cpu_hlo


@pytest.mark.parametrize("requested, backend, want", [
    ("auto", "cpu", ("cpu", "xla")), ("auto", "gpu", ("xla", "cpu")),
    ("auto", "tpu", ("xla", "cpu")), ("xla", "cpu", ("xla", "cpu")),
    ("cpu", "gpu", ("cpu", "xla"))])
def test_both_schedules_get_a_column_on_every_backend(requested, backend,
                                                       want):
  assert run.schedule_columns(requested, backend) == want


def test_benchmark_header_names_backend_and_schedules(capsys, monkeypatch):
  monkeypatch.setitem(run.SHAPES, "tiny", TINY)
  with jaxpool.schedule("auto"):
    run.main(["--ops", "max_fwd", "--shapes", "tiny", "--repeats", "1"])
  out = capsys.readouterr().out.splitlines()
  assert f"backend {jax.default_backend()} (" in out[0]
  backend = jax.default_backend()
  assert out[1].startswith(f"# jaxpool column: schedule auto "
                           f"(= {run.auto_schedule(backend)} on {backend})")
  header = [c.strip() for c in out[2].strip("|").split("|")]
  assert header[-3:] == ["xla", "cpu/xla", "compile_xla"]
  row = [c.strip() for c in out[4].strip("|").split("|")]
  assert len(row) == len(header) and row[0] == "max_fwd"
  assert all(row[header.index(c)] for c in header[-3:])


_APATH = os.path.join(os.path.dirname(__file__), "..", "..", "benchmarks",
                      "adaptive.py")
_aspec = importlib.util.spec_from_file_location("benchmark_adaptive", _APATH)
adaptive_bench = importlib.util.module_from_spec(_aspec)
_aspec.loader.exec_module(adaptive_bench)


@pytest.mark.parametrize("op", adaptive_bench.OPS)
def test_every_adaptive_row_computes_what_it_names(op):
  import jaxpool.functional as F
  rng = np.random.default_rng(0)
  x = jax.numpy.asarray(rng.standard_normal((2, 10, 10, 3), np.float32))
  cot = jax.numpy.asarray(rng.standard_normal((2, 3, 3, 3), np.float32))
  fn, extra = adaptive_bench._jax_op(op, 3, cot)
  got = fn(x, *extra)
  want = {
      "avg": lambda: F.adaptive_avg_pool2d(x, 3),
      "max": lambda: F.adaptive_max_pool2d(x, 3),
      "max_indices": lambda: F.adaptive_max_pool2d(x, 3, True),
      "avg_bwd": lambda: jax.vjp(lambda z: F.adaptive_avg_pool2d(z, 3),
                                 x)[1](cot)[0],
      "max_bwd": lambda: jax.vjp(lambda z: F.adaptive_max_pool2d(z, 3),
                                 x)[1](cot)[0],
  }[op]()
  jax.tree.map(lambda a, b: np.testing.assert_allclose(a, b, rtol=1e-6),
               got, want)


def _load(name):
  path = os.path.join(os.path.dirname(__file__), "..", "..", "benchmarks",
                      f"{name}.py")
  spec = importlib.util.spec_from_file_location(f"benchmark_{name}", path)
  module = importlib.util.module_from_spec(spec)
  sys.modules[spec.name] = module  # (its Modules are dataclasses)
  spec.loader.exec_module(module)
  return module


def test_compile_benchmark_pools_as_it_says():
  """The Inception-style network has POOLS pooling layers, and its jaxpool
  and Flax builds compute the same logits from the same parameters."""
  bench = _load("compile_time")
  calls = []

  def counting(factory):
    def pool(*args):
      calls.append(args)
      return factory(*args)
    return pool

  x = jax.numpy.asarray(np.random.default_rng(0).standard_normal(
      (2, 32, 32, 3)).astype(np.float32))
  with jax.numpy_dtype_promotion("standard"):  # Flax's own code needs it
    ours = bench.InceptionNet(counting(bench.jaxpool_max_pool))
    params = ours.init(jax.random.key(0), x)
    assert len(calls) == bench.POOLS
    theirs = bench.InceptionNet(bench.flax_max_pool)
    np.testing.assert_allclose(ours.apply(params, x),
                               theirs.apply(params, x), rtol=1e-5, atol=1e-5)


def test_export_stats_counts_a_cuda_program():
  stats = _load("export_stats").stats(
      lambda x: jax.numpy.sum(x * 2), (4, 3), "cuda")
  assert stats["lines"] > 0 and stats["case/if/while"] == 0
  assert stats["reduce_window"] == 0 and stats["conditionals"] == 0
  assert stats["custom_call"] == 0


def test_export_stats_leaves_out_the_platform_choice():
  """The auto schedule's platform choice leaves case ops in the exported
  text, which are not counted; a real conditional is."""
  bench = _load("export_stats")
  import jaxpool.functional as F
  pool = lambda x: F.max_pool2d(x, 3, 2, 1)
  with jaxpool.schedule("auto"):
    text = jax.export.export(jax.jit(pool), platforms=["cuda"])(
        jax.ShapeDtypeStruct((2, 8, 8, 3), jax.numpy.float32)).mlir_module()
    assert "stablehlo.case" in text
    stats = bench.stats(lambda x: pool(x), (2, 8, 8, 3), "cuda")
  # The max and the isnan reduction that decides its NaN.
  assert stats["case/if/while"] == 0 and stats["reduce_window"] == 2
  cond = lambda x: jax.lax.cond(x[0] > 0, jax.numpy.sin, jax.numpy.cos, x)
  stats = bench.stats(cond, (3,), "cuda")
  assert stats["case/if/while"] == 1 and stats["conditionals"] == 1


def test_export_stats_counts_custom_calls():
  bench = _load("export_stats")
  # On CPU, a Cholesky factorisation is a LAPACK custom call.
  stats = bench.stats(jax.numpy.linalg.cholesky, (3, 3), "cpu")
  assert stats["custom_call"] >= 1


def test_compile_benchmark_builds_each_schedule():
  """Each jaxpool build of the training step is traced under its own
  schedule (a fresh jit each time): the xla schedule's step has no
  conditional (its max pools, differentiated, are winner chains), the cpu
  schedule's has its fusion barriers and no reduce_window, and Flax's has
  one reduce_window per pooling layer."""
  bench = _load("compile_time")
  x = jax.numpy.zeros((2, 32, 32, 3), jax.numpy.float32)
  y = jax.numpy.arange(2)
  with jax.numpy_dtype_promotion("standard"):  # Flax's own code needs it
    builds = bench.builds(["cpu", "xla"])
    assert list(builds) == ["jaxpool cpu", "jaxpool xla", "flax"]
    params = builds["flax"][0].init(jax.random.key(0), x)
    text = {name: bench.lower_step(model, params, x, y, schedule).as_text()
            for name, (model, schedule) in builds.items()}
  count = lambda name, op: text[name].count(f"stablehlo.{op}")
  assert count("jaxpool cpu", "reduce_window") == 0
  assert count("jaxpool cpu", "case") > 0
  assert count("jaxpool xla", "case") == count("jaxpool xla", "while") == 0
  assert count("flax", "reduce_window") == bench.POOLS


_PLOT = os.path.join(os.path.dirname(__file__), "..", "..", "benchmarks",
                     "plot.py")
_pspec = importlib.util.spec_from_file_location("benchmark_plot", _PLOT)
plot = importlib.util.module_from_spec(_pspec)
_pspec.loader.exec_module(plot)


def test_plot_reads_the_committed_table_and_writes_a_png(tmp_path):
  """docs/assets/benchmarks.png is drawn from benchmarks/results/run.txt."""
  pytest.importorskip("matplotlib")
  with open(plot.DEFAULT_TABLE) as f:
    rows, title = plot.read_table(f)
  assert title.startswith("jaxpool benchmark")
  assert len(rows) >= 10 and {"op", "shape", "/torch_cl", "/flax"} <= set(
      rows[0])
  out = plot.main([plot.DEFAULT_TABLE, "--out", str(tmp_path / "b.png")])
  assert open(out, "rb").read(8) == b"\x89PNG\r\n\x1a\n"


@pytest.mark.parametrize("net", ["vgg", "resnet"])
def test_compile_benchmark_networks_pool_as_they_say(net):
  """The VGG-style network has 4 max pools (k2 s2) and a final average
  pool, the ResNet stem one k3 s2 p1 max pool on a 56x56x64 map; jaxpool's
  and Flax's builds compute the same logits from the same parameters."""
  bench = _load("compile_time")
  calls = []

  def counting(kind, factory):
    def pool(*args):
      calls.append((kind, args))
      return factory(*args)
    return pool

  cls, shape, _ = bench.NETS[net]
  x = jax.numpy.asarray(np.random.default_rng(0).standard_normal(
      (2,) + shape[1:]).astype(np.float32))
  with jax.numpy_dtype_promotion("standard"):  # Flax's own code needs it
    ours = cls(counting("max", bench.jaxpool_max_pool),
               counting("avg", bench.jaxpool_avg_pool))
    params = ours.init(jax.random.key(0), x)
    one_pass = list(calls)
    theirs = bench.model_for(net, "flax")
    np.testing.assert_allclose(ours.apply(params, x),
                               theirs.apply(params, x), rtol=1e-5, atol=1e-5)
  if net == "vgg":
    assert [c for c in one_pass if c[0] == "max"] == [("max", (2, 2, 0))] * 4
    assert [c for c in one_pass if c[0] == "avg"] == [("avg", (4,))]
  else:
    assert one_pass == [("max", (3, 2, 1))]
    import jaxpool.functional as F
    shapes = []
    probe = cls(lambda *a: (lambda z: shapes.append(z.shape)
                            or F.max_pool2d(z, *a)))
    with jax.numpy_dtype_promotion("standard"):
      probe.apply(params, x)
    assert shapes == [(2, 56, 56, 64)]


def test_compile_benchmark_measures_in_a_fresh_process():
  """One child run: trace, lower and compile seconds and the step time of
  a build, read back from a process of its own."""
  bench = _load("compile_time")
  got = bench.run_child("resnet", "flax", batch=1)
  assert set(got) == {"trace", "lower", "compile", "cpu", "step"}
  assert all(v > 0 for v in got.values())


def test_gpu_benchmark_smoke_run():
  """benchmarks/gpu.py --smoke on this machine (PyTorch on the CPU in place
  of CUDA): the header names the devices, every parity case agrees with
  PyTorch under both schedules with gradients bitwise equal run to run,
  and every timing row has its numbers."""
  bench = _load("gpu")
  with jax.numpy_dtype_promotion("standard"):  # Flax's own code needs it
    lines = bench.main(["--smoke"])
  backend = jax.default_backend()
  assert f"on {backend} (" in lines[0]
  assert ("torch" in lines[0] and "the CPU" in lines[0]) or bench.torch is None
  rows = [[c.strip() for c in line.strip("|").split("|")]
          for line in lines if line.startswith("| ")]
  header, rows = rows[0], rows[1:]
  assert header[:3] == ["part", "op", "case"] and header[-1] == "result"
  parity = [r for r in rows if r[0] == "parity"]
  assert len(parity) == len(bench._cases(smoke=True))
  other = bench.schedules_to_check(backend)[1]
  for row in parity:
    result = row[-1]
    assert "FAIL" not in result and "NOT" not in result, row
    assert result.startswith("auto: ok") and f"{other}: ok" in result, row
  timed = [r for r in rows if r[0] == "time"]
  assert {r[1] for r in timed} == set(bench.OPS)
  for row in timed:
    cells = dict(zip(header, row))
    assert float(cells["jaxpool ms"]) > 0 and float(cells[f"{other} ms"]) > 0
    if row[1] != "max_indices_fwd":
      assert float(cells["flax ms"]) > 0 and float(cells["/flax"]) > 0
    if row[1].endswith("_bwd"):
      assert "jaxpool yes" in row[-1], row


def test_gpu_benchmark_runs_the_issue_grid():
  """The full run's shapes and channel counts: A, B, C and a ResNet-50
  sized map; max-pool parity on both sides of the vector widths."""
  bench = _load("gpu")
  assert {k: (s.shape, s.kernel, s.stride, s.padding)
          for k, s in bench.SHAPES.items()} == {
              "A": ((16, 112, 112, 64), 3, 2, 1),
              "B": ((64, 28, 28, 32), 2, 2, 0),
              "C": ((8, 224, 224, 64), 2, 2, 0),
              "R": ((256, 56, 56, 64), 3, 2, 1)}
  names = [c.name for c in bench._cases(smoke=False)]
  for c in (1, 8, 47, 64):
    assert f"max2d k3s2p1 C={c}" in names
  for family in ("avg", "lp", "unpool", "adaptive max", "adaptive avg",
                 "max1d", "max3d"):
    assert any(n.startswith(family) for n in names), family
  x = bench._input((2, 5, 5, 3), False, np.random.default_rng(0))
  assert np.isnan(x).any() and np.isneginf(x).any()
  assert bench.schedules_to_check("gpu") == ("auto", "cpu")
  assert bench.schedules_to_check("cpu") == ("auto", "xla")
