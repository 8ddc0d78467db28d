"""Records PyTorch pooling results as golden values for jaxpool's tests.

Run from the repository root with PyTorch (CPU) installed:

    python tests/golden/record_pooling_golden.py

It writes ``tests/golden/pooling_golden.npz``, read by
``tests/test_pooling_golden.py`` (which does not need PyTorch). Every case has
its own seed (derived from its name), so adding a case leaves the others'
numbers unchanged.

Layout of the npz:
  ``torch_version``: str, ``torch.__version__`` at recording time.
  ``index``: str, a JSON list of ``{"name", "op", "kwargs", "has_grad"}``.
  Per case ``<name>``, all in PyTorch's channels-first layout (N, C, *spatial):
    ``<name>/input``: float32 input (for ``max_unpool*``: the pooled values).
    ``<name>/output``: PyTorch's output.
    ``<name>/indices``: int64 indices returned by ``max_pool*`` (max_pool only).
    ``<name>/unpool_indices``: int64 indices fed to ``max_unpool*``.
    ``<name>/cotangent``, ``<name>/grad``: the gradient of
      ``sum(output * cotangent)`` w.r.t. the input (only when ``has_grad``).
"""

from __future__ import annotations

import json
import os
import zlib

import numpy as np
import torch
import torch.nn.functional as TF

HERE = os.path.dirname(os.path.abspath(__file__))
OUT_PATH = os.path.join(HERE, "pooling_golden.npz")

NAN = float("nan")
INF = float("inf")


def _gen(name: str) -> torch.Generator:
  g = torch.Generator()
  g.manual_seed(zlib.crc32(name.encode()))
  return g


def randn(g, shape):
  return torch.randn(shape, generator=g, dtype=torch.float32)


def ties(g, shape):
  """Integer-valued floats with many repeats (0, 1, 2)."""
  return torch.randint(0, 3, shape, generator=g).to(torch.float32)


def positive(g, shape):
  return torch.rand(shape, generator=g, dtype=torch.float32) * 2.0 + 0.25


def spatial_shape(n, sizes):
  """(N, C, *sizes) with N=2, C=3 (smaller for 3-d to keep the file small)."""
  return (2, 3, *sizes) if n < 3 else (1, 2, *sizes)


class Recorder:

  def __init__(self):
    self.index = []
    self.arrays = {}

  def _add(self, name, op, kwargs, x, out, cotangent, grad, indices=None,
           unpool_indices=None):
    assert all(c["name"] != name for c in self.index), name
    assert "/" not in name
    self.index.append(dict(name=name, op=op, kwargs=kwargs,
                           has_grad=grad is not None))
    self.arrays[f"{name}/input"] = x.detach().numpy().astype(np.float32)
    self.arrays[f"{name}/output"] = out.detach().numpy().astype(np.float32)
    if indices is not None:
      self.arrays[f"{name}/indices"] = indices.numpy().astype(np.int64)
    if unpool_indices is not None:
      self.arrays[f"{name}/unpool_indices"] = (
          unpool_indices.numpy().astype(np.int64))
    if grad is not None:
      self.arrays[f"{name}/cotangent"] = cotangent.numpy().astype(np.float32)
      self.arrays[f"{name}/grad"] = grad.numpy().astype(np.float32)

  def run(self, name, op, kwargs, x, g, with_grad=True):
    """Calls ``torch.nn.functional.<op>(x, **kwargs)`` and records it."""
    fn = getattr(TF, op)
    x = x.detach().clone().requires_grad_(with_grad)
    targs = {k: tuple(v) if isinstance(v, list) else v
             for k, v in kwargs.items()}
    indices = None
    if op.startswith("max_pool"):
      out, indices = fn(x, return_indices=True, **targs)
    else:
      out = fn(x, **targs)
    cot = grad = None
    if with_grad:
      cot = randn(g, out.shape)
      (out * cot).sum().backward()
      grad = x.grad
      assert torch.isfinite(grad).all(), name
    self._add(name, op, kwargs, x, out, cot, grad, indices=indices)

  def unpool(self, name, n, pool_kwargs, unpool_kwargs, x, g):
    """Pools ``x`` with indices, then records max_unpool of the result."""
    pool = getattr(TF, f"max_pool{n}d")
    unpool = getattr(TF, f"max_unpool{n}d")
    tp = {k: tuple(v) if isinstance(v, list) else v
          for k, v in pool_kwargs.items()}
    tu = {k: tuple(v) if isinstance(v, list) else v
          for k, v in unpool_kwargs.items()}
    with torch.no_grad():
      vals, idx = pool(x, return_indices=True, **tp)
    vals = vals.detach().clone().requires_grad_(True)
    out = unpool(vals, idx, **tu)
    cot = randn(g, out.shape)
    (out * cot).sum().backward()
    self._add(name, f"max_unpool{n}d", unpool_kwargs, vals, out, cot,
              vals.grad, unpool_indices=idx)

  def save(self, path):
    arrays = dict(self.arrays)
    arrays["torch_version"] = np.array(torch.__version__)
    arrays["index"] = np.array(json.dumps(self.index))
    np.savez_compressed(path, **arrays)


def record_max_pool(r: Recorder):
  # (name, spatial sizes per dim, kwargs); one entry covers 1-d/2-d/3-d via
  # per-dim tuples given as functions of n.
  def per_dim(n, *vals):
    """Picks the first n of vals (a list per spatial dim)."""
    return list(vals[:n]) if n > 1 else vals[0]

  for n in (1, 2, 3):
    sz = {1: [9], 2: [7, 8], 3: [5, 6, 7]}[n]
    base = [
        ("plain", sz, dict(kernel_size=2)),
        ("stride", sz, dict(kernel_size=3, stride=per_dim(n, 2, 1, 2))),
        ("padding", sz, dict(kernel_size=3, stride=per_dim(n, 1, 2, 1),
                             padding=1)),
        ("dilation", sz, dict(kernel_size=per_dim(n, 3, 2, 3), stride=1,
                              dilation=per_dim(n, 2, 3, 2))),
        ("dilation_padding", sz, dict(kernel_size=3, stride=2, padding=1,
                                      dilation=2)),
        ("ceil_a", [5] * n,
         dict(kernel_size=2, stride=2, ceil_mode=True)),
        ("ceil_b", [7] * n, dict(kernel_size=3, stride=4, padding=1,
                                 ceil_mode=True)),
        ("ceil_c", [6] * n, dict(kernel_size=3, stride=3, padding=1,
                                 ceil_mode=True)),
        ("ceil_d", [2] * n, dict(kernel_size=2, stride=3, padding=1,
                                 ceil_mode=True)),
        ("ceil_mixed", per_dim(n, 7, 5, 6) if n > 1 else [7],
         dict(kernel_size=per_dim(n, 3, 2, 3), stride=per_dim(n, 4, 2, 3),
              padding=per_dim(n, 1, 0, 1), ceil_mode=True)),
        ("ceil_dilation", per_dim(n, 8, 7, 6) if n > 1 else [8],
         dict(kernel_size=2, stride=2, padding=1, dilation=2,
              ceil_mode=True)),
    ]
    for tag, sizes, kw in base:
      name = f"max_pool{n}d-{tag}"
      g = _gen(name)
      r.run(name, f"max_pool{n}d", kw, randn(g, spatial_shape(n, sizes)), g)

    # Ties: integer-valued inputs, overlapping windows.
    for tag, kw in [
        ("ties_overlap", dict(kernel_size=3, stride=1)),
        ("ties_pad_stride", dict(kernel_size=3, stride=2, padding=1)),
        ("ties_dilation", dict(kernel_size=2, stride=1, dilation=2,
                               padding=1)),
        ("ties_ceil", dict(kernel_size=3, stride=2, padding=1,
                           ceil_mode=True)),
    ]:
      name = f"max_pool{n}d-{tag}"
      g = _gen(name)
      r.run(name, f"max_pool{n}d", kw, ties(g, spatial_shape(n, sz)), g)

    # NaNs: scattered, plus two NaNs inside one window.
    for tag, kw in [
        ("nan", dict(kernel_size=3, stride=2)),
        ("nan_overlap_pad", dict(kernel_size=3, stride=1, padding=1)),
    ]:
      name = f"max_pool{n}d-{tag}"
      g = _gen(name)
      x = randn(g, spatial_shape(n, sz))
      if n == 1:
        # Window [0, 3) holds NaNs at 0 and 2; window [4, 7) one at 5.
        x[0, 0, 0] = NAN
        x[0, 0, 2] = NAN
        x[0, 1, 5] = NAN
        x[1, 2, 3] = NAN
        x[1, 2, 4] = NAN
      elif n == 2:
        x[0, 0, 0, 0] = NAN
        x[0, 0, 1, 2] = NAN  # same first window as (0, 0)
        x[0, 1, 3, 4] = NAN
        x[1, 2, 4, 4] = NAN
        x[1, 2, 5, 5] = NAN
        x[1, 0, 6, 7] = NAN
      else:
        x[0, 0, 0, 0, 0] = NAN
        x[0, 0, 1, 2, 1] = NAN  # same first window
        x[0, 1, 2, 3, 4] = NAN
        x[0, 1, 3, 3, 3] = NAN
        x[0, 0, 4, 5, 6] = NAN
      r.run(name, f"max_pool{n}d", kw, x, g)

    # -inf: whole windows of -inf, plus a mixed window.
    name = f"max_pool{n}d-neg_inf"
    g = _gen(name)
    x = randn(g, spatial_shape(n, sz))
    if n == 1:
      x[:, :, 0:4] = -INF       # windows [0,2) and [2,4) all -inf
      x[0, 1, 6] = -INF
    elif n == 2:
      x[:, :, 0:2, 0:4] = -INF
      x[1, 0, 4, 5] = -INF
    else:
      x[:, :, 0:2, 0:2, 0:4] = -INF
      x[0, 1, 3, 4, 4] = -INF
    r.run(name, f"max_pool{n}d", dict(kernel_size=2, stride=2, padding=1),
          x, g)
    name = f"max_pool{n}d-neg_inf_nopad"
    g = _gen(name)
    x = randn(g, spatial_shape(n, sz))
    x[:, 0] = -INF               # whole channel 0 is -inf
    r.run(name, f"max_pool{n}d", dict(kernel_size=2, stride=1), x, g)


def record_avg_pool(r: Recorder):
  for n in (1, 2, 3):
    sz = {1: [9], 2: [7, 8], 3: [5, 6, 7]}[n]
    cases = [
        ("plain", sz, dict(kernel_size=2)),
        ("stride", sz, dict(kernel_size=3, stride=2)),
        ("stride_lt_kernel", sz, dict(kernel_size=3, stride=1)),
        ("stride_gt_kernel", sz, dict(kernel_size=2, stride=3)),
    ]
    for cip in (True, False):
      t = "cip" if cip else "nocip"
      cases += [
          (f"pad_{t}", sz, dict(kernel_size=3, stride=2, padding=1,
                                count_include_pad=cip)),
          (f"ceil_{t}", [6] * n, dict(kernel_size=4, stride=3, padding=1,
                                      ceil_mode=True,
                                      count_include_pad=cip)),
          (f"ceil_nopad_{t}", [5] * n, dict(kernel_size=2, stride=2,
                                            ceil_mode=True,
                                            count_include_pad=cip)),
          (f"ceil_b_{t}", [7] * n, dict(kernel_size=3, stride=4, padding=1,
                                        ceil_mode=True,
                                        count_include_pad=cip)),
          (f"ceil_c_{t}", [2] * n, dict(kernel_size=2, stride=3, padding=1,
                                        ceil_mode=True,
                                        count_include_pad=cip)),
      ]
    if n > 1:
      mixed = dict(kernel_size=[3, 2, 3][:n], stride=[2, 1, 2][:n],
                   padding=[1, 0, 1][:n])
      cases += [("mixed", sz, mixed)]
      for d, dtag in ((3, "3"), (-2, "m2"), (1, "1")):
        cases += [
            (f"divisor_{dtag}", sz, dict(kernel_size=3, stride=2, padding=1,
                                          divisor_override=d)),
            (f"divisor_{dtag}_ceil", [6] * n,
             dict(kernel_size=4, stride=3, padding=1, ceil_mode=True,
                  count_include_pad=False, divisor_override=d)),
        ]
    for tag, sizes, kw in cases:
      name = f"avg_pool{n}d-{tag}"
      g = _gen(name)
      r.run(name, f"avg_pool{n}d", kw, randn(g, spatial_shape(n, sizes)), g)
    # The documented ones example (for 2-d: [[.5625,.75,.375], ...]).
    name = f"avg_pool{n}d-ceil_ones"
    g = _gen(name)
    x = torch.ones(spatial_shape(n, [6] * n))
    r.run(name, f"avg_pool{n}d",
          dict(kernel_size=4, stride=3, padding=1, ceil_mode=True), x, g)


def record_lp_pool(r: Recorder):
  for n in (1, 2, 3):
    sz = {1: [9], 2: [7, 8], 3: [5, 6, 7]}[n]
    ceil_sz = {1: [8], 2: [8, 7], 3: [5, 6, 8]}[n]
    for p, ptag in ((1, "1"), (2, "2"), (3, "3"), (1.5, "1.5"),
                    (INF, "inf")):
      cases = [
          (f"p{ptag}", sz, dict(kernel_size=2)),
          (f"p{ptag}_stride", sz, dict(kernel_size=3, stride=2)),
          (f"p{ptag}_ceil", ceil_sz, dict(kernel_size=3, stride=2,
                                          ceil_mode=True)),
      ]
      for tag, sizes, kw in cases:
        name = f"lp_pool{n}d-{tag}"
        g = _gen(name)
        r.run(name, f"lp_pool{n}d", dict(norm_type=p, **kw),
              positive(g, spatial_shape(n, sizes)), g)
    # Signed inputs: an odd p gives NaN where a window's sum is negative;
    # p = 2 and p = inf are fine (values only).
    for p, ptag in ((1, "1"), (2, "2"), (3, "3"), (INF, "inf")):
      for tag, sizes, kw in [
          (f"p{ptag}_signed", sz, dict(kernel_size=2, stride=1)),
          (f"p{ptag}_signed_ceil", ceil_sz,
           dict(kernel_size=3, stride=2, ceil_mode=True)),
      ]:
        name = f"lp_pool{n}d-{tag}"
        g = _gen(name)
        r.run(name, f"lp_pool{n}d", dict(norm_type=p, **kw),
              randn(g, spatial_shape(n, sizes)), g, with_grad=False)


def record_max_unpool(r: Recorder):
  for n in (1, 2, 3):
    # Sizes for which the default output size restores the input's.
    even = {1: [8], 2: [6, 8], 3: [4, 6, 6]}[n]
    odd = {1: [7], 2: [5, 7], 3: [5, 5, 7]}[n]
    # (a) kernel == stride.
    name = f"max_unpool{n}d-k2s2"
    g = _gen(name)
    r.unpool(name, n, dict(kernel_size=2), dict(kernel_size=2),
             randn(g, spatial_shape(n, even)), g)
    # (b) overlapping windows: kernel 3, stride 2, padding 1 (duplicates).
    for tag, x_fn in (("k3s2p1", randn), ("k3s2p1_ties", ties)):
      name = f"max_unpool{n}d-{tag}"
      g = _gen(name)
      kw = dict(kernel_size=3, stride=2, padding=1)
      r.unpool(name, n, kw, kw, x_fn(g, spatial_shape(n, odd)), g)
    # (c) output_size, spatial-only: 5 pooled by k2 s2 gives 2, back to 5.
    name = f"max_unpool{n}d-output_size_spatial"
    g = _gen(name)
    x = randn(g, spatial_shape(n, [5] * n))
    r.unpool(name, n, dict(kernel_size=2, stride=2),
             dict(kernel_size=2, stride=2, output_size=[5] * n), x, g)
    # (d) output_size in the full (N, C, *spatial) form.
    name = f"max_unpool{n}d-output_size_full"
    g = _gen(name)
    shape = spatial_shape(n, [5] * n)
    x = randn(g, shape)
    r.unpool(name, n, dict(kernel_size=2, stride=2),
             dict(kernel_size=2, output_size=list(shape)), x, g)
    # output_size with overlapping windows and padding.
    name = f"max_unpool{n}d-k3s2p1_output_size"
    g = _gen(name)
    x = randn(g, spatial_shape(n, [7] * n))
    r.unpool(name, n, dict(kernel_size=3, stride=2, padding=1),
             dict(kernel_size=3, stride=2, padding=1, output_size=[7] * n),
             x, g)


def main():
  torch.set_num_threads(1)
  r = Recorder()
  record_max_pool(r)
  record_avg_pool(r)
  record_lp_pool(r)
  record_max_unpool(r)
  r.save(OUT_PATH)
  size = os.path.getsize(OUT_PATH)
  print(f"torch {torch.__version__}: {len(r.index)} cases, "
        f"{size / 1024:.1f} KiB -> {OUT_PATH}")


if __name__ == "__main__":
  main()
