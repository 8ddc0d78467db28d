"""Research pooling layers against the papers' own PyTorch code (live, CPU).

The reference code is the published PyTorch formulation of each layer, written
with ``torch.nn.functional`` in PyTorch's ``(N, C, *spatial)`` layout:
BlurPool/MaxBlurPool as adobe/antialiased-cnns (pad layer, then a depthwise
``conv{n}d`` with the normalised outer-product binomial filter), GeM as
filipradenovic/cnnimageretrieval-pytorch (``avg_pool2d(x.clamp(min=eps)
.pow(p), (H, W)).pow(1/p)``), spatial pyramid pooling as the usual
``torch.cat([adaptive_max_pool2d(x, l).view(N, -1) ...], 1)``, and mixed
pooling as ``a * max_pool2d + (1 - a) * avg_pool2d``. Forward values and
gradients (torch ``backward`` vs ``jax.vjp``) are compared.

Skipped when PyTorch is not installed.
"""

import numpy as np
import pytest

torch = pytest.importorskip("torch")

import jax  # noqa: E402
import jax.numpy as jnp  # noqa: E402

import jaxpool.functional as F  # noqa: E402

TF = torch.nn.functional
torch.set_num_threads(1)

_BLUR = {1: F.blur_pool1d, 2: F.blur_pool2d}
_MAX_BLUR = {1: F.max_blur_pool1d, 2: F.max_blur_pool2d}
_FILTERS = {1: [1.], 2: [1., 1.], 3: [1., 2., 1.], 4: [1., 3., 3., 1.],
            5: [1., 4., 6., 4., 1.], 6: [1., 5., 10., 10., 5., 1.],
            7: [1., 6., 15., 20., 15., 6., 1.]}
_PAD = {1: {"reflect": torch.nn.ReflectionPad1d,
            "replicate": torch.nn.ReplicationPad1d,
            "zero": lambda p: torch.nn.ConstantPad1d(p, 0.0)},
        2: {"reflect": torch.nn.ReflectionPad2d,
            "replicate": torch.nn.ReplicationPad2d,
            "zero": torch.nn.ZeroPad2d}}


def _paper_blurpool(x, n, filt_size, stride, pad_type, pad_off):
  """adobe/antialiased-cnns BlurPool/BlurPool1D.forward."""
  lo = int(1. * (filt_size - 1) / 2) + pad_off
  hi = int(np.ceil(1. * (filt_size - 1) / 2)) + pad_off
  a = torch.tensor(_FILTERS[filt_size], dtype=torch.float64)
  filt = a[:, None] * a[None, :] if n == 2 else a
  filt = filt / torch.sum(filt)
  c = x.shape[1]
  filt = filt[None, None].repeat((c,) + (1,) * (n + 1))
  pad = _PAD[n][pad_type]([lo, hi] * n)
  if filt_size == 1:
    sl = (slice(None), slice(None)) + (slice(None, None, stride),) * n
    return (x if pad_off == 0 else pad(x))[sl]
  conv = TF.conv2d if n == 2 else TF.conv1d
  return conv(pad(x), filt, stride=stride, groups=c)


def _compare(jax_fn, torch_fn, x_np, rtol=1e-10):
  """Forward and gradient, float64 on both sides, channels-first input."""
  cot = np.random.default_rng(5).normal(size=jax.eval_shape(
      jax_fn, jax.ShapeDtypeStruct(x_np.shape, jnp.float64)).shape)
  xt = torch.tensor(x_np, requires_grad=True)
  yt = torch_fn(xt)
  (yt * torch.tensor(cot)).sum().backward()
  y, vjp = jax.vjp(jax_fn, jnp.asarray(x_np))
  np.testing.assert_allclose(y, yt.detach().numpy(), rtol=rtol, atol=1e-12)
  np.testing.assert_allclose(vjp(jnp.asarray(cot))[0], xt.grad.numpy(),
                             rtol=rtol, atol=1e-12)


@pytest.mark.parametrize("n, size, filt_size, stride, pad_type, pad_off", [
    (2, (9, 8), 1, 2, "reflect", 0),
    (2, (9, 8), 2, 2, "reflect", 1),
    (2, (8, 8), 3, 2, "replicate", 0),
    (2, (10, 7), 4, 2, "reflect", 0),
    (2, (9, 9), 5, 3, "zero", 0),
    (2, (11, 9), 6, 2, "reflect", 0),
    (2, (12, 10), 7, 2, "replicate", 1),
    (1, (13,), 3, 2, "reflect", 0),
    (1, (12,), 4, 3, "zero", 2),
    (1, (10,), 7, 2, "reflect", 0),
])
def test_blur_pool_matches_paper_code(n, size, filt_size, stride, pad_type,
                                      pad_off):
  x = np.random.default_rng(0).normal(size=(2, 3) + size)
  with jax.enable_x64(True):
    _compare(lambda x: _BLUR[n](x, filt_size, stride, pad_type, pad_off,
                                channels_last=False),
             lambda x: _paper_blurpool(x, n, filt_size, stride, pad_type,
                                       pad_off), x)


@pytest.mark.parametrize("n", [1, 2])
def test_max_blur_pool_matches_paper_code(n):
  """antialiased-cnns' anti-aliased max pooling:
  ``Sequential(MaxPool(kernel_size=2, stride=1), BlurPool(filt_size, 2))``."""
  x = np.random.default_rng(1).permutation(2 * 3 * 10 ** n).reshape(
      (2, 3) + (10,) * n).astype(np.float64)
  max_pool = TF.max_pool2d if n == 2 else TF.max_pool1d
  with jax.enable_x64(True):
    _compare(lambda x: _MAX_BLUR[n](x, 2, 2, 4, channels_last=False),
             lambda x: _paper_blurpool(max_pool(x, 2, 1), n, 4, 2, "reflect",
                                       0), x)


def test_gem_matches_paper_code():
  """cirtorch's ``gem``: avg_pool2d(x.clamp(min=eps).pow(p), (H, W)).pow(1/p),
  including the gradient in p."""
  x = np.random.default_rng(2).normal(size=(2, 3, 7, 6))
  for p in (3.0, 1.0, 6.5):
    with jax.enable_x64(True):
      _compare(lambda x: F.gem_pool2d(x, p, channels_last=False),
               lambda x: TF.avg_pool2d(x.clamp(min=1e-6).pow(p),
                                       (x.size(-2), x.size(-1))).pow(1. / p),
               x, rtol=1e-9)
      pt = torch.tensor(p, dtype=torch.float64, requires_grad=True)
      TF.avg_pool2d(torch.tensor(x).clamp(min=1e-6).pow(pt), (7, 6)).pow(
          1. / pt).sum().backward()
      gp = jax.grad(lambda p: F.gem_pool2d(jnp.asarray(x), p,
                                           channels_last=False).sum())(p)
      np.testing.assert_allclose(gp, pt.grad.numpy(), rtol=1e-9)


def test_spatial_pyramid_pool_matches_usual_torch_code():
  x = np.random.default_rng(3).permutation(2 * 4 * 11 * 13).reshape(
      2, 4, 11, 13).astype(np.float64)
  for mode, pool in (("max", TF.adaptive_max_pool2d),
                     ("avg", TF.adaptive_avg_pool2d)):
    with jax.enable_x64(True):
      _compare(lambda x: F.spatial_pyramid_pool2d(x, (1, 2, 4), mode,
                                                  channels_last=False),
               lambda x: torch.cat([pool(x, lv).view(x.size(0), -1)
                                    for lv in (1, 2, 4)], 1), x)


def test_mixed_pool_matches_torch_max_and_avg():
  x = np.random.default_rng(4).permutation(2 * 3 * 9 * 8).reshape(
      2, 3, 9, 8).astype(np.float64)
  a = 0.3
  with jax.enable_x64(True):
    _compare(lambda x: F.mixed_pool2d(x, a, 3, 2, 1, True, False,
                                      channels_last=False),
             lambda x: a * TF.max_pool2d(x, 3, 2, 1, ceil_mode=True) + (1 - a)
             * TF.avg_pool2d(x, 3, 2, 1, ceil_mode=True,
                             count_include_pad=False), x)
