"""Records PyTorch activation results as golden values for jaxpool's tests.

Run from the repository root with PyTorch (CPU) installed:

    python tools/golden/record_activation_golden.py

It writes ``tests/support/golden/activation_golden.npz``, read by
``tests/functional/test_activations_golden.py`` (which does not need PyTorch).
The cases and their inputs are defined in
``tests/support/activation_cases.py``;
``tests/functional/test_activations_torch.py`` runs the same ``torch_case``
live.

Gradients at NaN inputs: PyTorch's CPU kernels have a vectorised main loop
and a scalar loop for the tail of a tensor (and for small tensors), and for
relu6/hardtanh, elu/selu/celu, hardswish, softshrink and hardshrink they
disagree at a NaN input (e.g. ``hardtanh'(NaN)`` is 0 in the vectorised loop,
1 in the scalar loop and in the CUDA kernels, whose code the scalar loop
shares). jaxpool follows the kernels' written definition (the scalar loop),
so for elementwise cases the gradient at each NaN input is recorded from a
one-element call.

Elements where PyTorch disagrees with itself across CPUs (``PATH_DEPENDENT``)
are recorded as the float64 definition rounded to the dtype instead, so that
neither the live test nor a re-recording depends on the vector ISA: PyTorch
computes float32/bfloat16 GELU of more than one element with oneDNN, whose
AVX-512 kernel gives NaN at +inf and -0.00405022 at -3 (about 1100 ulp off,
from ``1 + erf`` cancelling), where its AVX2 kernel, ATen's kernels and
one-element calls give +inf and -0.0040497 (``ONEDNN_MAX_CPU_ISA`` and
``ATEN_CPU_CAPABILITY`` select the kernels).

Layout of the npz (all float32; float16/bfloat16 results are stored exactly
as float32; arrays in PyTorch's layout):
  ``torch_version``: str; ``index``: a JSON list of
  ``{"name", "kind", "op", "kwargs"}``.
  ``<name>/input``, ``<name>/cotangent`` (and ``<name>/weight`` for prelu):
  the float32 inputs (cast to each dtype before the call).
  ``<name>/<dtype>/output``, ``<name>/<dtype>/grad``: PyTorch's output and
  the gradient of ``sum(output * cotangent)`` w.r.t. the input (and
  ``<name>/<dtype>/grad_weight`` for prelu), for dtype in float32, float16,
  bfloat16.
"""

from __future__ import annotations

import json
import math
import os
import sys

import numpy as np
import torch
import torch.nn.functional as TF

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(os.path.dirname(HERE)))

from tests.support import activation_cases as C  # noqa: E402

OUT_PATH = os.path.join(os.path.dirname(os.path.dirname(HERE)), "tests",
                        "support", "golden", "activation_golden.npz")


def _gelu64(x: float) -> float:
  return x * 0.5 * math.erfc(-x / math.sqrt(2))


# (op, kwargs) -> (inputs, float64 definition): outputs taken from the
# definition, not PyTorch (see the module docstring).
PATH_DEPENDENT = {
    ("gelu", "{}"): ((math.inf, -3.0), _gelu64),
}
TORCH_DTYPES = {"float32": torch.float32, "float16": torch.float16,
                "bfloat16": torch.bfloat16}


def _call(case, t, w=None):
  kind, op, kw = case["kind"], case["op"], case["kwargs"]
  if kind == "prelu":
    return TF.prelu(t, w)
  if kind == "softmax2d":
    return torch.nn.Softmax2d()(t)
  return getattr(TF, op)(t, **kw)


def torch_case(case: dict, dtype: str) -> dict:
  """PyTorch's output and gradients for ``case`` in ``dtype``, as float32."""
  dt = TORCH_DTYPES[dtype]
  t = torch.tensor(case["input"]).to(dt).requires_grad_(True)
  w = None
  if case["kind"] == "prelu":
    w = torch.tensor(case["weight"]).to(dt).requires_grad_(True)
  out = _call(case, t, w)
  (out * torch.tensor(case["cotangent"]).to(dt)).sum().backward()
  result = dict(output=out.detach().float().numpy(),
                grad=t.grad.float().numpy().copy())
  if w is not None:
    result["grad_weight"] = w.grad.float().numpy()
  if case["kind"] == "elementwise":
    x = case["input"]
    key = (case["op"], json.dumps(case["kwargs"], sort_keys=True))
    if key in PATH_DEPENDENT:
      points, definition = PATH_DEPENDENT[key]
      for i in np.flatnonzero(np.isin(x, points)):
        # The definition rounded to dt, not PyTorch's ISA-dependent value.
        exact = torch.tensor(definition(float(x[i])), dtype=torch.float64)
        result["output"][i] = float(exact.to(dt))
    for i in np.flatnonzero(np.isnan(x)):
      # The scalar loop's gradient (see the module docstring).
      t1 = torch.tensor(x[i:i + 1]).to(dt).requires_grad_(True)
      (_call(case, t1) * float(case["cotangent"][i])).sum().backward()
      result["grad"][i] = float(t1.grad[0])
  return result


def main():
  torch.set_num_threads(1)
  arrays, index = {}, []
  for case in C.all_cases():
    name = case["name"]
    index.append({k: case[k] for k in ("name", "kind", "op", "kwargs")})
    for key in ("input", "cotangent", "weight"):
      if key in case:
        arrays[f"{name}/{key}"] = case[key].astype(np.float32)
    for dtype in C.DTYPES:
      for key, value in torch_case(case, dtype).items():
        arrays[f"{name}/{dtype}/{key}"] = value.astype(np.float32)
  arrays["torch_version"] = np.array(torch.__version__)
  arrays["index"] = np.array(json.dumps(index))
  np.savez_compressed(OUT_PATH, **arrays)
  size = os.path.getsize(OUT_PATH)
  print(f"torch {torch.__version__}: {len(index)} cases, "
        f"{size / 1024:.1f} KiB -> {OUT_PATH}")


if __name__ == "__main__":
  main()
