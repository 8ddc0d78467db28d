"""Records PyTorch pooling results as golden values for jaxpool's tests.

Run from the repository root with PyTorch (CPU) installed:

    python tools/golden/record_pooling_golden.py

It writes ``tests/support/golden/pooling_golden.npz``, read by
``tests/functional/test_pooling_golden.py`` (which does not need PyTorch).
Every case has its own seed (derived from its name), so adding a case leaves
the others' numbers unchanged.

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
OUT_PATH = os.path.join(os.path.dirname(os.path.dirname(HERE)), "tests",
                        "support", "golden", "pooling_golden.npz")

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


# Input shapes (N, C, *spatial) shared by most cases of a rank. Cases that
# share a shape and kwargs share one compilation in the test, so the special
# inputs (ties, NaN, -inf, signed) reuse the geometry of a plain case.
SHAPE = {1: (2, 3, 9), 2: (2, 3, 7, 6), 3: (1, 2, 5, 6, 4)}


def with_nans(x: torch.Tensor) -> torch.Tensor:
  """Places NaNs, two of them inside the first window of plane (0, 0)."""
  x = x.clone()
  n = x.dim() - 2
  first = (0, 0) + (0,) * n
  # In the same window as `first` for kernel 3 in the first spatial dim and
  # at least 2 in the others (two NaNs: PyTorch picks the last one).
  second = (0, 0, 2) + (1,) * (n - 1)
  x[first] = NAN
  x[second] = NAN
  x[(0, 1) + tuple(s // 2 for s in x.shape[2:])] = NAN
  x[(1 if x.shape[0] > 1 else 0, x.shape[1] - 1)
    + tuple(s - 1 for s in x.shape[2:])] = NAN
  return x


def with_neg_inf(x: torch.Tensor) -> torch.Tensor:
  """-inf over a 2^n corner block (whole windows) and in one other cell."""
  x = x.clone()
  n = x.dim() - 2
  x[(slice(None), slice(None)) + (slice(0, 2),) * n] = -INF
  x[(0, 1) + tuple(s - 2 for s in x.shape[2:])] = -INF
  return x


def record_max_pool(r: Recorder):
  ceil_geometry = {
      # name: (L, kernel, stride, padding), each with ceil_mode=True.
      "a": (5, 2, 2, 0), "b": (7, 3, 4, 1), "c": (6, 3, 3, 1),
      "d": (2, 2, 3, 1),
  }

  def ceil_case(patterns):
    g = [ceil_geometry[p] for p in patterns]
    one = len(g) == 1
    kw = dict(kernel_size=g[0][1] if one else [t[1] for t in g],
              stride=g[0][2] if one else [t[2] for t in g],
              padding=g[0][3] if one else [t[3] for t in g],
              ceil_mode=True)
    return [t[0] for t in g], kw

  for n in (1, 2, 3):
    shape = SHAPE[n]
    pad = dict(kernel_size=3 if n < 3 else [3, 2, 2], stride=1, padding=1)
    stride = dict(kernel_size=3 if n < 3 else [3, 2, 2],
                  stride=2 if n < 3 else [2, 1, 2])
    dil = dict(kernel_size=3 if n < 3 else [3, 2, 2], stride=1 if n < 3
               else [1, 2, 1], padding=1, dilation=2 if n < 3 else [2, 1, 2])
    cases = [
        ("plain", shape, dict(kernel_size=2), randn),
        ("neg_inf_nopad", shape, dict(kernel_size=2),
         lambda g, s: torch.cat([torch.full((s[0], 1, *s[2:]), -INF),
                                 randn(g, (s[0], s[1] - 1, *s[2:]))], 1)),
        ("stride", shape, stride, randn),
        ("nan", shape, stride, lambda g, s: with_nans(randn(g, s))),
        ("padding", shape, pad, randn),
        ("ties_overlap_pad", shape, pad, ties),
        ("nan_overlap_pad", shape, pad, lambda g, s: with_nans(randn(g, s))),
        ("neg_inf_pad", shape, pad, lambda g, s: with_neg_inf(randn(g, s))),
        ("dilation", shape, dil, randn),
        ("ties_dilation", shape, dil, ties),
    ]
    if n == 1:
      ceils = [["a"], ["b"], ["c"], ["d"]]
    elif n == 2:
      ceils = [["a", "b"], ["c", "d"]]
    else:
      # Kernel 3 in one dimension only, to keep compilation cheap.
      ceils = [["b", "a", "d"], ["c", "a", "a"]]
    for pats in ceils:
      sizes, kw = ceil_case(pats)
      tag = "ceil_" + "".join(pats)
      cases.append((tag, shape[:2] + tuple(sizes), kw, randn))
      if pats[0] in "ab":  # edge windows with ties
        cases.append((tag + "_ties", shape[:2] + tuple(sizes), kw, ties))
    for tag, shp, kw, make in cases:
      name = f"max_pool{n}d-{tag}"
      g = _gen(name)
      r.run(name, f"max_pool{n}d", kw, make(g, shp), g)


def record_avg_pool(r: Recorder):
  for n in (1, 2, 3):
    shape = SHAPE[n]
    six = shape[:2] + (6,) * n
    # 6^n, kernel 4, stride 3, padding 1, ceil: the last window runs past the
    # padded border (2-d ones give [[.5625,.75,.375],[.75,1,.5],[.375,.5,.25]]).
    # 3-d uses kernel (4, 2, 2), stride (3, 2, 2) to stay cheap.
    ceil = dict(kernel_size=4 if n < 3 else [4, 2, 2],
                stride=3 if n < 3 else [3, 2, 2], padding=1, ceil_mode=True)
    pad = dict(kernel_size=3, stride=2, padding=1)
    cases = [
        ("stride_gt_kernel", shape, dict(kernel_size=2, stride=3), randn),
        ("pad_cip", shape, dict(pad, count_include_pad=True), randn),
        ("pad_nocip", shape, dict(pad, count_include_pad=False), randn),
        ("ceil_cip", six, dict(ceil, count_include_pad=True), randn),
        ("ceil_cip_ones", six, dict(ceil, count_include_pad=True),
         lambda g, s: torch.ones(s)),
        ("ceil_nocip", six, dict(ceil, count_include_pad=False), randn),
        ("ceil_nocip_ones", six, dict(ceil, count_include_pad=False),
         lambda g, s: torch.ones(s)),
    ]
    if n == 1:
      # Under ceil_mode, a window running past the (unpadded) input is
      # clipped, so it divides by fewer cells even with count_include_pad.
      cases.append(("ceil_nopad", shape[:2] + (5,) * n,
                    dict(kernel_size=2, stride=2, ceil_mode=True), randn))
      cases.append(("ceil_d_cip", shape[:2] + (2,),
                    dict(kernel_size=2, stride=3, padding=1, ceil_mode=True),
                    randn))
    if n > 1:
      cases += [
          # Per-dimension kernel/stride/padding, with a divisor override.
          ("mixed_divisor_3", shape, dict(kernel_size=[3, 2, 2][:n],
                                          stride=[1, 2, 1][:n],
                                          padding=[1, 0, 1][:n],
                                          divisor_override=3), randn),
          ("divisor_m2_ceil_nocip", six,
           dict(ceil, count_include_pad=False, divisor_override=-2), randn),
      ]
    for tag, shp, kw, make in cases:
      name = f"avg_pool{n}d-{tag}"
      g = _gen(name)
      r.run(name, f"avg_pool{n}d", kw, make(g, shp), g)


def record_lp_pool(r: Recorder):
  for n in (1, 2, 3):
    # Clipped last window under ceil_mode in every rank.
    shape = {1: (2, 3, 8), 2: (2, 3, 8, 5), 3: (1, 2, 5, 6, 5)}[n]
    ceil = dict(kernel_size=3 if n < 3 else 2, stride=2,
                ceil_mode=True)
    ps = [(1, "1"), (2, "2"), (3, "3"), (INF, "inf")]
    if n == 1:
      ps.append((1.5, "1.5"))
    for p, ptag in ps:
      name = f"lp_pool{n}d-p{ptag}_ceil"
      g = _gen(name)
      r.run(name, f"lp_pool{n}d", dict(norm_type=p, **ceil),
            positive(g, shape), g)
      if p != 1.5:
        # Signed input: NaN where an odd p's window sum is negative (values
        # only, no gradients).
        name = f"lp_pool{n}d-p{ptag}_ceil_signed"
        g = _gen(name)
        r.run(name, f"lp_pool{n}d", dict(norm_type=p, **ceil),
              randn(g, shape), g, with_grad=False)
    if n == 1:
      name = f"lp_pool{n}d-p2_plain"
      g = _gen(name)
      r.run(name, f"lp_pool{n}d", dict(norm_type=2, kernel_size=2),
            positive(g, SHAPE[n]), g)


def record_max_unpool(r: Recorder):
  for n in (1, 2, 3):
    # Sizes for which the default output size restores the input's.
    even = {1: (2, 3, 8), 2: (2, 3, 6, 4), 3: (1, 2, 4, 4, 6)}[n]
    odd = {1: (2, 3, 7), 2: (2, 3, 5, 7), 3: (1, 2, 5, 3, 5)}[n]
    five = even[:2] + (5,) * n
    # (a) kernel == stride.
    name = f"max_unpool{n}d-k2s2"
    g = _gen(name)
    r.unpool(name, n, dict(kernel_size=2), dict(kernel_size=2),
             randn(g, even), g)
    # (b) overlapping windows: kernel 3, stride 2, padding 1 (duplicates).
    for tag, make in (("k3s2p1", randn), ("k3s2p1_ties", ties)):
      name = f"max_unpool{n}d-{tag}"
      g = _gen(name)
      kw = dict(kernel_size=3, stride=2, padding=1)
      r.unpool(name, n, kw, kw, make(g, odd), g)
    # (c) output_size, spatial-only: 5 pooled by k2 s2 gives 2, back to 5.
    name = f"max_unpool{n}d-output_size_spatial"
    g = _gen(name)
    r.unpool(name, n, dict(kernel_size=2, stride=2),
             dict(kernel_size=2, stride=2, output_size=[5] * n),
             randn(g, five), g)
    # (d) output_size in the full (N, C, *spatial) form.
    name = f"max_unpool{n}d-output_size_full"
    g = _gen(name)
    r.unpool(name, n, dict(kernel_size=2, stride=2),
             dict(kernel_size=2, output_size=list(five)), randn(g, five), g)
    if n == 2:
      # output_size with overlapping windows and padding.
      name = f"max_unpool{n}d-k3s2p1_output_size"
      g = _gen(name)
      r.unpool(name, n, dict(kernel_size=3, stride=2, padding=1),
               dict(kernel_size=3, stride=2, padding=1, output_size=[6, 8]),
               randn(g, even[:2] + (6, 8)), g)


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
