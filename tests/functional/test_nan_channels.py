"""NaN, +-inf, ties and signed zeros through every max-deciding pooling op,
at channel counts on both sides of every vector width, in both layouts and
under both schedules.

XLA:CPU's vectorised float ``reduce_window`` and ``reduce`` max drop NaN
from 32 channels, channels last (``docs/porting.md``), so a NaN test with a
few channels cannot see it. Here every op runs at each channel count of
``WIDTHS``, all of them in one jitted program per (op, layout, schedule),
against the NumPy oracle (PyTorch's definitions) and, where installed, live
PyTorch: values (NaN, +inf and -inf exactly where the reference has them;
+0 and -0 compare equal), and indices exactly.
"""

import functools

import jax
import jax.numpy as jnp
import numpy as np
import pytest

import jaxpool
import jaxpool.functional as F
from tests.support import oracle
from tests.support.helpers import from_layout, to_layout

try:
  import torch
  import torch.nn.functional as TF
except ImportError:
  torch = None

WIDTHS = (1, 7, 8, 15, 16, 31, 32, 47, 48, 64, 65)
SPATIAL = {1: (9,), 2: (6, 7), 3: (3, 4, 5), "long": (150,)}
ALPHA = 0.3


def special_input(spatial, seed=0):
  """``(2, sum(WIDTHS), *spatial)``, channels first. Sample 0: ties among
  small integers and signed zeros, one position NaN in every channel (the
  issue's reproducer), a few +-inf. Sample 1: normal values with NaN, +inf,
  -inf and -0 sprinkled, and a corner of -inf in every channel (windows of
  -inf only)."""
  rng = np.random.default_rng(seed)
  shape = (sum(WIDTHS),) + spatial
  ties = rng.choice(np.float32([-2, -1, -0.0, 0, 1, 2]), shape)
  ties[(slice(None),) + tuple(min(2, s - 1) for s in spatial)] = np.nan
  r = rng.random(shape)
  ties[r < 0.03] = np.inf
  ties[(r >= 0.03) & (r < 0.06)] = -np.inf
  mixed = rng.standard_normal(shape).astype(np.float32)
  r = rng.random(shape)
  mixed[r < 0.08] = np.nan
  mixed[(r >= 0.08) & (r < 0.15)] = np.inf
  mixed[(r >= 0.15) & (r < 0.22)] = -np.inf
  mixed[(r >= 0.22) & (r < 0.29)] = -0.0
  mixed[(slice(None),) + (slice(0, 2),) * len(spatial)] = -np.inf
  return np.stack([ties, mixed]).astype(np.float32)


def by_width(x):
  """``x`` split along the channels into one array per width."""
  return np.split(x, np.cumsum(WIDTHS)[:-1], axis=1)


def _pool(n, **kw):
  return lambda x, cl: getattr(F, f"max_pool{n}d")(
      x, return_indices=True, channels_last=cl, **kw)


def _pool_ref(n, k, s=None, p=0, d=1, ceil=False):
  return lambda x: oracle.max_pool(x, (k,) * n, (s or k,) * n,
                                   [(p, p)] * n, (d,) * n, ceil)


def _blur_ref(x):
  big = oracle.max_pool(x, (2, 2), (1, 1), [(0, 0)] * 2)[0]
  return (np.asarray(F.blur_pool2d(big, 3, 2, channels_last=False)),)


def _mixed_ref(x):
  big = oracle.max_pool(x, (2, 2), (2, 2), [(0, 0)] * 2)[0]
  mean = oracle.avg_pool(x, (2, 2), (2, 2), [(0, 0)] * 2,
                         running_dtype=np.float32)
  with np.errstate(invalid="ignore"):
    return (np.float32(ALPHA) * big + np.float32(1 - ALPHA) * mean,)


def _spp_ref(x):
  """Level-major, each level flattened channels first (the layout is
  applied by the caller)."""
  return tuple(oracle.adaptive_max_pool(x, (o, o))[0] for o in (1, 2))


def _spp(x, cl):
  y = F.spatial_pyramid_pool2d(x, (1, 2), channels_last=cl)
  c = x.shape[-1 if cl else 1]
  levels = np.split(y, [c], axis=-1)  # level 1: C values, level 2: 4C
  shapes = [(2, 1, 1, c), (2, 2, 2, c)] if cl else [(2, c, 1, 1),
                                                    (2, c, 2, 2)]
  return tuple(v.reshape(s) for v, s in zip(levels, shapes))


def _values(fn):
  return lambda x, cl: (fn(x, cl),)


# name -> (spatial, jaxpool op of (x, channels_last) giving a tuple in the
# layout, NumPy reference of channels-first x giving the same tuple
# channels first, exact: whether values must be equal (else within 1e-6)).
CASES = {
    "max_pool1d": (1, _pool(1, kernel_size=3, stride=2, padding=1),
                   _pool_ref(1, 3, 2, 1), True),
    # The reproducer: values only (xla: reduce_window).
    "max_pool2d": (2, _values(lambda x, cl: F.max_pool2d(
        x, 2, channels_last=cl)), lambda x: _pool_ref(2, 2)(x)[:1], True),
    "dilated_max_pool2d": (2, _pool(2, kernel_size=3, stride=2, padding=1,
                                    dilation=2, ceil_mode=True),
                           _pool_ref(2, 3, 2, 1, 2, True), True),
    "max_pool3d": (3, _values(lambda x, cl: F.max_pool3d(
        x, 2, 2, 1, ceil_mode=True, channels_last=cl)),
                   lambda x: _pool_ref(3, 2, 2, 1, 1, True)(x)[:1], True),
    "adaptive_max_pool2d": (2, lambda x, cl: F.adaptive_max_pool2d(
        x, (4, 3), return_indices=True, channels_last=cl),
                            lambda x: oracle.adaptive_max_pool(x, (4, 3)),
                            True),
    "global_max_pool2d": (2, _values(lambda x, cl: F.global_max_pool2d(
        x, keepdims=True, channels_last=cl)),
                          lambda x: oracle.adaptive_max_pool(x, (1, 1))[:1],
                          True),
    # 150 taps per bin: the blocks layout, a max reduction.
    "global_max_pool1d_long": ("long", _values(
        lambda x, cl: F.global_max_pool1d(x, keepdims=True,
                                          channels_last=cl)),
                               lambda x: oracle.adaptive_max_pool(x, (1,))[:1],
                               True),
    "lp_pool2d_inf": (2, _values(lambda x, cl: F.lp_pool2d(
        x, float("inf"), 2, channels_last=cl)),
                      lambda x: (oracle.lp_pool(x, np.inf, (2, 2), (2, 2)),),
                      True),
    "max_blur_pool2d": (2, _values(lambda x, cl: F.max_blur_pool2d(
        x, 2, 2, 3, channels_last=cl)), _blur_ref, False),
    "mixed_pool2d": (2, _values(lambda x, cl: F.mixed_pool2d(
        x, ALPHA, 2, channels_last=cl)), _mixed_ref, False),
    "spatial_pyramid_pool2d": (2, _spp, _spp_ref, True),
}
FRACTIONAL_OUT = (3, 4)


def _fractional_case(samples):
  return (2, lambda x, cl, u: F.fractional_max_pool2d(
      x, 2, FRACTIONAL_OUT, return_indices=True, samples=u,
      channels_last=cl),
          lambda x: oracle.fractional_max_pool(x, (2, 2), FRACTIONAL_OUT,
                                               samples), True)


@functools.lru_cache(maxsize=None)
def _input(rank):
  return special_input(SPATIAL[rank])


def _samples():
  return np.random.default_rng(5).random((2, sum(WIDTHS), 2)).astype(
      np.float32)


def assert_same(got, want, exact, what):
  got, want = np.asarray(got, np.float64), np.asarray(want, np.float64)
  assert got.shape == want.shape, (what, got.shape, want.shape)
  for name, pred in (("NaN", np.isnan), ("+inf", np.isposinf),
                     ("-inf", np.isneginf)):
    bad = pred(got) != pred(want)
    assert not bad.any(), (
        f"{what}: {name} differs at {np.argwhere(bad)[:4].tolist()} "
        f"(of {int(bad.sum())}): got {got[bad][:4]}, want {want[bad][:4]}")
  if exact:
    np.testing.assert_array_equal(got, want, err_msg=what)
  else:
    np.testing.assert_allclose(got, want, rtol=1e-6, atol=1e-6,
                               err_msg=what)


def _run(name, schedule, channels_last):
  """The op at every width, in one program: a tuple per width, channels
  first."""
  if name == "fractional_max_pool2d":
    rank, op, _, _ = _fractional_case(None)
    u = by_width(_samples())
  else:
    rank, op, _, _ = CASES[name]
    u = None
  xs = [to_layout(x, channels_last) for x in by_width(_input(rank))]
  with jaxpool.schedule(schedule):
    if u is None:
      outs = jax.jit(lambda xs: [op(x, channels_last) for x in xs])(xs)
    else:
      outs = jax.jit(lambda xs, us: [op(x, channels_last, v)
                                     for x, v in zip(xs, us)])(xs, u)
  return [tuple(from_layout(o, channels_last) for o in out) for out in outs]


def _reference(name):
  if name == "fractional_max_pool2d":
    rank, _, ref, exact = _fractional_case(_samples())
  else:
    rank, _, ref, exact = CASES[name]
  want = tuple(np.asarray(w) for w in ref(_input(rank)))
  return [tuple(w[:, lo:hi] for w in want) for lo, hi in zip(
      np.cumsum((0,) + WIDTHS[:-1]), np.cumsum(WIDTHS))], exact


NAMES = sorted(CASES) + ["fractional_max_pool2d"]


@pytest.mark.parametrize("schedule", ["xla", "cpu"])
@pytest.mark.parametrize("channels_last", [True, False],
                         ids=["channels_last", "channels_first"])
@pytest.mark.parametrize("name", NAMES)
def test_special_values_at_every_channel_count(name, channels_last,
                                               schedule):
  want, exact = _reference(name)
  got = _run(name, schedule, channels_last)
  for c, g, w in zip(WIDTHS, got, want):
    for i, (gv, wv) in enumerate(zip(g, w)):
      assert_same(gv, wv, exact or i > 0, f"{name} C={c} output {i}")


def _torch_max(name, x):
  """Live PyTorch (channels first) for the ops it has."""
  xt = torch.from_numpy(x)
  if name == "max_pool1d":
    return TF.max_pool1d(xt, 3, 2, 1, return_indices=True)
  if name == "max_pool2d":
    return (TF.max_pool2d(xt, 2),)
  if name == "dilated_max_pool2d":
    return TF.max_pool2d(xt, 3, 2, 1, 2, True, True)
  if name == "max_pool3d":
    return (TF.max_pool3d(xt, 2, 2, 1, 1, True),)
  if name == "adaptive_max_pool2d":
    return TF.adaptive_max_pool2d(xt, (4, 3), True)
  if name == "global_max_pool2d":
    return (TF.adaptive_max_pool2d(xt, 1),)
  if name == "global_max_pool1d_long":
    return (TF.adaptive_max_pool1d(xt, 1),)
  if name == "lp_pool2d_inf":
    return (TF.lp_pool2d(xt, float("inf"), 2),)
  if name == "fractional_max_pool2d":
    return TF.fractional_max_pool2d(
        xt, 2, FRACTIONAL_OUT, return_indices=True,
        _random_samples=torch.from_numpy(_samples()))
  return None


@pytest.mark.skipif(torch is None, reason="PyTorch not installed")
@pytest.mark.parametrize("name", [n for n in NAMES if n not in (
    "max_blur_pool2d", "mixed_pool2d", "spatial_pyramid_pool2d")])
def test_the_oracle_is_pytorch_on_these_inputs(name):
  """The references above are live PyTorch's results (channels first; its
  values and indices do not depend on the memory format)."""
  rank = "long" if name.endswith("long") else (
      2 if name == "fractional_max_pool2d" else CASES[name][0])
  want = [np.concatenate(parts, axis=1)
          for parts in zip(*_reference(name)[0])]
  got = _torch_max(name, _input(rank))
  for i, (g, w) in enumerate(zip(got, want)):
    assert_same(g.numpy(), w, True, f"{name} output {i}")


@pytest.mark.parametrize("axis", [-1, 1])
def test_maxout_keeps_nan_at_every_channel_count(axis):
  """maxout's max is a reduction too (NaN decided by an isnan reduction):
  groups along the minor axis and across it, at every width."""
  rng = np.random.default_rng(3)
  xs = []
  for c in WIDTHS:
    x = rng.standard_normal((3, 2 * c, 2 * c)).astype(np.float32)
    x[rng.random(x.shape) < 0.05] = np.nan
    x[0, :, 0] = x[0, 0, :] = np.nan
    xs.append(x)
  got = jax.jit(lambda xs: [F.maxout(x, 2, axis=axis) for x in xs])(xs)
  for c, x, g in zip(WIDTHS, xs, got):
    moved = np.moveaxis(x, axis, -1)
    want = np.moveaxis(moved.reshape(moved.shape[:-1] + (c, 2)).max(-1),
                       -1, axis)
    assert_same(g, want, True, f"maxout C={c} axis={axis}")
