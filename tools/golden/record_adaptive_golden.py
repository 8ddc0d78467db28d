"""Records PyTorch adaptive and fractional max pooling as golden values.

Run from the repository root with PyTorch (CPU) installed:

    python tools/golden/record_adaptive_golden.py

It writes ``tests/support/golden/adaptive_golden.npz``, read by
``tests/functional/test_adaptive_golden.py`` (which does not need PyTorch).
Every case has its own seed (derived from its name).

Layout of the npz:
  ``torch_version``: str, ``torch.__version__`` at recording time.
  ``index``: str, a JSON list of ``{"name", "op", "kwargs"}``; ``kwargs`` are
    jaxpool's (``output_size`` lists may hold ``null`` for None).
  Per case ``<name>``, in PyTorch's channels-first layout (N, C, *spatial):
    ``<name>/input``: float32 input.
    ``<name>/output``: PyTorch's output.
    ``<name>/indices``: int64 indices (max pooling only).
    ``<name>/samples``: float32 ``_random_samples`` (fractional only).
    ``<name>/cotangent``, ``<name>/grad``: the gradient of
      ``sum(output * cotangent)`` w.r.t. the input.
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
                        "support", "golden", "adaptive_golden.npz")


def _gen(name: str) -> torch.Generator:
  g = torch.Generator()
  g.manual_seed(zlib.crc32(name.encode()))
  return g


def randn(g, shape):
  return torch.randn(shape, generator=g, dtype=torch.float32)


def ties(g, shape):
  return torch.randint(0, 3, shape, generator=g).to(torch.float32)


def with_nan(g, shape):
  x = randn(g, shape)
  x.view(-1)[3] = float("nan")
  x.view(-1)[-2] = float("nan")
  return x


class Recorder:

  def __init__(self):
    self.index = []
    self.arrays = {}

  def run(self, name, op, kwargs, x, g, samples=None):
    assert all(c["name"] != name for c in self.index), name
    fn = getattr(TF, op)
    targs = {k: tuple(v) if isinstance(v, list) else v
             for k, v in kwargs.items()}
    if samples is not None:
      targs["_random_samples"] = samples
    x = x.detach().clone().requires_grad_(True)
    out, idx = (fn(x, return_indices=True, **targs) if "max" in op
                else (fn(x, **targs), None))
    cot = randn(g, out.shape)
    (out * cot).sum().backward()
    self.index.append(dict(name=name, op=op, kwargs=kwargs))
    a = self.arrays
    a[f"{name}/input"] = x.detach().numpy().astype(np.float32)
    a[f"{name}/output"] = out.detach().numpy().astype(np.float32)
    if idx is not None:
      a[f"{name}/indices"] = idx.numpy().astype(np.int64)
    if samples is not None:
      a[f"{name}/samples"] = samples.numpy().astype(np.float32)
    a[f"{name}/cotangent"] = cot.numpy()
    a[f"{name}/grad"] = x.grad.numpy().astype(np.float32)

  def save(self, path):
    arrays = dict(self.arrays)
    arrays["torch_version"] = np.array(torch.__version__)
    arrays["index"] = np.array(json.dumps(self.index))
    np.savez_compressed(path, **arrays)


# (tag, shape (N, C, *spatial), output_size); None keeps a dim (2-d/3-d:
# PyTorch's 1-d functions take ints only).
ADAPTIVE = {
    1: [("nondivisible", (2, 3, 10), 3), ("larger", (2, 3, 5), 11),
        ("wide", (2, 3, 300), 7), ("many_phases", (2, 3, 3), 100)],
    2: [("nondivisible", (2, 3, 9, 7), [4, 3]),
        ("none_larger", (2, 3, 5, 6), [None, 13]),
        ("divisible", (2, 3, 8, 8), 4)],
    3: [("mixed", (2, 3, 7, 5, 4), [3, 6, 2]),
        ("none", (2, 3, 4, 4, 5), [None, 2, 1])],
}

FRACTIONAL = {
    2: [("size", (2, 3, 9, 11), dict(kernel_size=2, output_size=[4, 5])),
        ("rect", (2, 3, 10, 7), dict(kernel_size=[3, 2], output_size=[5, 6])),
        ("ratio", (2, 3, 10, 9), dict(kernel_size=2, output_ratio=[0.5, 0.7])),
        ("one", (2, 3, 6, 8), dict(kernel_size=2, output_size=[1, 7]))],
    3: [("size", (2, 3, 7, 8, 9), dict(kernel_size=[2, 3, 2],
                                       output_size=[3, 4, 5])),
        ("ratio", (1, 2, 6, 7, 8), dict(kernel_size=2, output_ratio=0.5))],
}


def main():
  torch.set_num_threads(1)
  r = Recorder()
  for n, cases in ADAPTIVE.items():
    for tag, shape, out in cases:
      for op in (f"adaptive_max_pool{n}d", f"adaptive_avg_pool{n}d"):
        for make, suffix in ((randn, ""), (ties, "_ties"), (with_nan, "_nan")):
          if suffix and (tag != cases[0][0]):
            continue  # ties and NaN on the first configuration of each rank
          name = f"{op}-{tag}{suffix}"
          g = _gen(name)
          r.run(name, op, dict(output_size=out), make(g, shape), g)
  for n, cases in FRACTIONAL.items():
    for tag, shape, kw in cases:
      for make, suffix in ((randn, ""), (ties, "_ties")):
        name = f"fractional_max_pool{n}d-{tag}{suffix}"
        g = _gen(name)
        x = make(g, shape)
        samples = torch.rand((shape[0], shape[1], n), generator=g,
                             dtype=torch.float32)
        r.run(name, f"fractional_max_pool{n}d", kw, x, g, samples=samples)
  r.save(OUT_PATH)
  size = os.path.getsize(OUT_PATH)
  print(f"torch {torch.__version__}: {len(r.index)} cases, "
        f"{size / 1024:.1f} KiB -> {OUT_PATH}")


if __name__ == "__main__":
  main()
