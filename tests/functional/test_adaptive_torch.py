"""Live differential tests of adaptive, global and fractional max pooling
against PyTorch (CPU): values, indices (exactly), and gradients of
``sum(out * cot)``; indices fed to ``max_unpool``; fractional pooling given
PyTorch's ``_random_samples``; output sizes of 0 (empty results, and which
empty inputs still raise).

The configurations are those of ``tests/functional/test_adaptive.py`` (same
shapes and layouts, so the jit compilations are shared within a run). Skipped
when PyTorch is not installed.
"""

from __future__ import annotations

import numpy as np
import pytest

torch = pytest.importorskip("torch")

import jax  # noqa: E402
import jax.numpy as jnp  # noqa: E402

import jaxpool.functional as F  # noqa: E402
from tests.functional.test_adaptive import AAVG, AMAX, CASES  # noqa: E402
from tests.functional.test_adaptive import FRAC, FRAC_CASES  # noqa: E402
from tests.functional.test_adaptive import _case_id, _full_out  # noqa: E402
from tests.functional.test_adaptive import from_layout, to_layout  # noqa: E402

TF = torch.nn.functional
torch.set_num_threads(1)

T_AMAX = {1: TF.adaptive_max_pool1d, 2: TF.adaptive_max_pool2d,
          3: TF.adaptive_max_pool3d}
T_AAVG = {1: TF.adaptive_avg_pool1d, 2: TF.adaptive_avg_pool2d,
          3: TF.adaptive_avg_pool3d}
T_FRAC = {2: TF.fractional_max_pool2d, 3: TF.fractional_max_pool3d}


def _torch_run(fn, x, cot_seed=1, indices=False):
  """(values, indices or None, grad of sum(out * cot), cot) from torch."""
  xt = torch.tensor(x, requires_grad=True)
  res = fn(xt)
  out, idx = res if indices else (res, None)
  cot = np.random.default_rng(cot_seed).standard_normal(
      tuple(out.shape)).astype(x.dtype)
  (out * torch.tensor(cot)).sum().backward()
  return (out.detach().numpy(), None if idx is None else idx.numpy(),
          xt.grad.numpy(), cot)


def _inputs(shape, seed):
  rng = np.random.default_rng(seed)
  ties = rng.integers(0, 3, size=shape).astype(np.float32)
  normal = rng.standard_normal(shape).astype(np.float32)
  return {"normal": normal, "ties": ties}


@pytest.mark.parametrize("kind", ["normal", "ties"])
@pytest.mark.parametrize("case", CASES, ids=[_case_id(c) for c in CASES])
def test_adaptive_matches_torch(case, kind):
  n, spatial, output_size, cl, batched = case
  x = _inputs((2, 3) + spatial, len(spatial) * 7 + sum(spatial))[kind]
  if not batched:
    x = x[:1]
  xin = to_layout(x, cl, batched)
  t_out = output_size if n > 1 else _full_out(spatial, output_size)
  # Max: values, indices and the gradient routed to the index.
  tv, ti, tg, cot = _torch_run(
      lambda t: T_AMAX[n](t if batched else t[0], t_out, return_indices=True),
      x if batched else x, indices=True)
  if not batched:
    tv, ti, cot = tv[None], ti[None], cot[None]
  out, vjp, idx = jax.vjp(
      lambda z: AMAX[n](z, output_size, True, channels_last=cl), xin,
      has_aux=True)
  np.testing.assert_array_equal(from_layout(out, cl, batched), tv)
  np.testing.assert_array_equal(from_layout(idx, cl, batched), ti)
  (g,) = vjp(to_layout(cot, cl, batched))
  np.testing.assert_allclose(from_layout(g, cl, batched), tg, rtol=1e-6,
                             atol=1e-6)
  np.testing.assert_array_equal(
      AMAX[n](xin, output_size, channels_last=cl), out)
  # Average: values and gradients.
  ta, _, tga, cot = _torch_run(
      lambda t: T_AAVG[n](t if batched else t[0], t_out), x)
  if not batched:
    ta, cot = ta[None], cot[None]
  out, vjp = jax.vjp(lambda z: AAVG[n](z, output_size, channels_last=cl),
                     xin)
  np.testing.assert_allclose(from_layout(out, cl, batched), ta, rtol=1e-6,
                             atol=1e-6)
  (g,) = vjp(to_layout(cot, cl, batched))
  np.testing.assert_allclose(from_layout(g, cl, batched), tga, rtol=1e-6,
                             atol=1e-6)


def test_nan_and_neg_inf_match_torch():
  x = np.random.default_rng(0).standard_normal((2, 3, 9, 7)).astype(
      np.float32)
  x[0, 0, 1, 1] = x[0, 0, 2, 2] = x[1, 2, 8, 6] = np.nan
  x[1, 1, :4, :4] = -np.inf
  tv, ti = T_AMAX[2](torch.tensor(x), (4, 3), return_indices=True)
  v, i = F.adaptive_max_pool2d(x, (4, 3), True, channels_last=False)
  np.testing.assert_array_equal(v, tv.numpy())
  np.testing.assert_array_equal(i, ti.numpy())
  np.testing.assert_array_equal(
      F.adaptive_max_pool2d(x, (4, 3), channels_last=False), tv.numpy())
  np.testing.assert_allclose(
      F.adaptive_avg_pool2d(x, (4, 3), channels_last=False),
      T_AAVG[2](torch.tensor(x), (4, 3)).numpy(), rtol=1e-6, atol=1e-6,
      equal_nan=True)


def test_indices_feed_unpool_like_torch():
  x = np.random.default_rng(2).standard_normal((2, 3, 8, 8)).astype(
      np.float32)
  tv, ti = T_AMAX[2](torch.tensor(x), 4, return_indices=True)
  t_back = TF.max_unpool2d(tv, ti, 2).numpy()
  v, i = F.adaptive_max_pool2d(x, 4, True, channels_last=False)
  np.testing.assert_array_equal(
      F.max_unpool2d(v, i, 2, channels_last=False), t_back)
  # Non-divisible bins (9 -> 4, k = 2 or 3) unpooled to the input size.
  x1 = np.random.default_rng(3).standard_normal((2, 3, 9)).astype(np.float32)
  tv, ti = T_AMAX[1](torch.tensor(x1), 4, return_indices=True)
  v, i = F.adaptive_max_pool1d(x1, 4, True, channels_last=False)
  np.testing.assert_array_equal(i, ti.numpy())
  t_back = TF.max_unpool1d(tv, ti, 2, output_size=(9,)).numpy()
  np.testing.assert_array_equal(
      F.max_unpool1d(v, i, 2, output_size=(9,), channels_last=False), t_back)


def test_global_pooling_matches_torch():
  x = np.random.default_rng(4).standard_normal((2, 3, 8, 8)).astype(
      np.float32)
  x[0, 0, 0, :2] = 9.0  # a tie: the first max gets the gradient
  for jfn, tfn in ((F.global_max_pool2d, TF.adaptive_max_pool2d),
                   (F.global_avg_pool2d, TF.adaptive_avg_pool2d)):
    tv, _, tg, cot = _torch_run(lambda t: tfn(t, 1).flatten(1), x)
    out, vjp = jax.vjp(lambda z: jfn(z, channels_last=False), x)
    np.testing.assert_allclose(out, tv, rtol=1e-6, atol=1e-6)
    np.testing.assert_allclose(vjp(jnp.asarray(cot))[0], tg, rtol=1e-6,
                               atol=1e-6)


@pytest.mark.parametrize("case", FRAC_CASES,
                         ids=[_case_id((c[0], c[1], c[3], c[4]))
                              for c in FRAC_CASES])
def test_fractional_matches_torch(case):
  n, spatial, kernel, output_size, cl, batched = case
  x = _inputs((2, 3) + spatial, 11)["ties"]
  x[0, 0].flat[5] = np.nan
  if not batched:
    x = x[:1]
  samples = np.random.default_rng(5).random((x.shape[0], 3, n),
                                            dtype=np.float32)

  def t_fn(t):
    return T_FRAC[n](t if batched else t[0], kernel, output_size=output_size,
                     return_indices=True,
                     _random_samples=torch.tensor(samples))
  tv, ti, tg, cot = _torch_run(t_fn, x, indices=True)
  if not batched:
    tv, ti, cot = tv[None], ti[None], cot[None]
  xin = to_layout(x, cl, batched)
  out, vjp, idx = jax.vjp(
      lambda z: FRAC[n](z, kernel, output_size, return_indices=True,
                        samples=samples, channels_last=cl), xin, has_aux=True)
  np.testing.assert_array_equal(from_layout(out, cl, batched), tv)
  np.testing.assert_array_equal(from_layout(idx, cl, batched), ti)
  (g,) = vjp(to_layout(cot, cl, batched))
  np.testing.assert_allclose(from_layout(g, cl, batched), tg, rtol=1e-6,
                             atol=1e-6)


def test_fractional_ratio_and_float64_match_torch():
  x = np.random.default_rng(6).standard_normal((2, 3, 10, 9))
  samples = np.random.default_rng(7).random((2, 3, 2))
  tv, ti = TF.fractional_max_pool2d(
      torch.tensor(x), 2, output_ratio=(0.5, 0.7), return_indices=True,
      _random_samples=torch.tensor(samples))
  with jax.enable_x64(True):
    v, i = F.fractional_max_pool2d(x, 2, output_ratio=(0.5, 0.7),
                                   return_indices=True, samples=samples,
                                   channels_last=False)
    assert v.dtype == jnp.float64 and i.dtype == jnp.int64
  np.testing.assert_array_equal(v, tv.numpy())
  np.testing.assert_array_equal(i, ti.numpy())
  x3 = np.random.default_rng(8).standard_normal((1, 2, 7, 8, 9)).astype(
      np.float32)
  s3 = np.random.default_rng(9).random((1, 2, 3), dtype=np.float32)
  tv, ti = TF.fractional_max_pool3d(
      torch.tensor(x3), (2, 3, 2), output_ratio=0.5, return_indices=True,
      _random_samples=torch.tensor(s3))
  v, i = F.fractional_max_pool3d(x3, (2, 3, 2), output_ratio=0.5,
                                 return_indices=True, samples=s3,
                                 channels_last=False)
  np.testing.assert_array_equal(v, tv.numpy())
  np.testing.assert_array_equal(i, ti.numpy())


EMPTY_OUT = [(1, 0), (1, (0,)), (2, 0), (2, (0, 2)), (2, (None, 0)),
             (3, (2, 0, 1)), (3, 0)]
EMPTY_IN = [(2, (2, 0, 4, 4)), (2, (2, 3, 0, 4)), (2, (0, 3, 4, 4)),
            (3, (2, 0, 3, 3, 3)), (1, (2, 0, 4)), (2, (3, 4, 4)),
            (3, (3, 3, 3, 3))]


@pytest.mark.parametrize("kind", ["max", "avg"])
@pytest.mark.parametrize("n, output_size", EMPTY_OUT)
@pytest.mark.parametrize("channels_last", [True, False])
def test_output_size_zero_is_empty_as_torch(n, output_size, kind,
                                            channels_last):
  x = _inputs((2, 3) + (5, 4, 3)[:n], 3)["normal"]
  theirs = (T_AMAX if kind == "max" else T_AAVG)[n](torch.tensor(x),
                                                    output_size)
  ours = (AMAX if kind == "max" else AAVG)[n]
  got = ours(to_layout(x, channels_last), output_size,
             channels_last=channels_last)
  assert from_layout(got, channels_last).shape == tuple(theirs.shape)
  assert got.size == 0 and got.dtype == jnp.float32
  jitted = jax.jit(lambda v: ours(v, output_size,
                                  channels_last=channels_last))
  assert jitted(to_layout(x, channels_last)).shape == got.shape
  # The gradient of an empty output is zero; PyTorch's backward raises.
  grad = jax.grad(lambda v: ours(v, output_size,
                                 channels_last=channels_last).sum())(
                                     to_layout(x, channels_last))
  assert not np.asarray(grad).any()
  if kind == "max":
    values, idx = T_AMAX[n](torch.tensor(x), output_size, return_indices=True)
    got, got_idx = ours(to_layout(x, channels_last), output_size,
                        return_indices=True, channels_last=channels_last)
    assert from_layout(got_idx, channels_last).shape == tuple(idx.shape)
    assert got_idx.dtype == F.max_pool2d(jnp.ones((1, 1, 1)), 1,
                                         return_indices=True)[1].dtype


@pytest.mark.parametrize("kind", ["max", "avg"])
@pytest.mark.parametrize("n, shape", EMPTY_IN)
def test_output_size_zero_checks_the_input_as_torch(n, shape, kind):
  """An empty output does not lift PyTorch's checks of empty inputs (nor
  of unbatched inputs, which it accepts)."""
  x = np.ones(shape, np.float32)
  t_fn, fn = ((T_AMAX[n], AMAX[n]) if kind == "max" else
              (T_AAVG[n], AAVG[n]))
  try:
    want = tuple(t_fn(torch.tensor(x), 0).shape)
  except RuntimeError:
    with pytest.raises(ValueError, match="empty"):
      fn(x, 0, channels_last=False)
  else:
    assert fn(x, 0, channels_last=False).shape == want
