"""Records where PyTorch's float16/bfloat16 activations depend on the CPU's
vector ISA, for ``tests/functional/test_activations_half.py``.

Run from the repository root with PyTorch (CPU) installed:

    python tools/golden/record_activation_half_isa.py

PyTorch picks its CPU kernels by ``ATEN_CPU_CAPABILITY`` (``default``: the
scalar loops and libm; ``avx2``/``avx512``: Sleef's vector functions), and
their float32 results, rounded to 16 bits, differ at some inputs: by an ulp
for most smooth activations, and by more in the tanh GELU's and the GELU's
tails, where ``1 + tanh`` and ``1 + erf`` cancel. This script runs every
elementwise case of ``tests/support/activation_cases.py`` over every
float16 and bfloat16 value under ``default`` and ``avx2``, each in a fresh
process (PyTorch reads the variable at start-up), and writes
``tests/support/golden/activation_half_isa.npz``: for each
``<dtype>/<case>``, the inputs' bit patterns where the two differ
(``.../bits``, uint16) and the two results there (``.../default``,
``.../avx2``, float32). The live test accepts either result at those
inputs, so that it passes whichever ISA PyTorch runs with.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, ROOT)

from tests.support import activation_cases as C  # noqa: E402

OUT_PATH = os.path.join(ROOT, "tests", "support", "golden",
                        "activation_half_isa.npz")
CAPABILITIES = ("default", "avx2")
DTYPES = ("float16", "bfloat16")


def every_value(dtype: str):
  """Every value of the 16-bit ``dtype``, as a torch tensor of it."""
  import torch
  bits = np.arange(1 << 16, dtype=np.uint16).view(np.int16)
  return torch.from_numpy(bits).view(getattr(torch, dtype))


def torch_outputs(dtype: str) -> dict:
  """``{case name: float32 output}`` over every value of ``dtype``."""
  import torch
  import torch.nn.functional as TF
  torch.set_num_threads(1)
  x = every_value(dtype)
  out = {}
  for name, op, kw, _ in C.ELEMENTWISE:
    out[name] = getattr(TF, op)(x, **kw).float().numpy()
  return out


def _child(path: str) -> None:
  import torch
  arrays = {f"{dtype}/{name}": v for dtype in DTYPES
            for name, v in torch_outputs(dtype).items()}
  arrays["capability"] = np.array(torch.backends.cpu.get_cpu_capability())
  np.savez(path, **arrays)


def main():
  results = {}
  with tempfile.TemporaryDirectory() as tmp:
    for cap in CAPABILITIES:
      path = os.path.join(tmp, f"{cap}.npz")
      subprocess.run([sys.executable, __file__, "--child", path], check=True,
                     env={**os.environ, "ATEN_CPU_CAPABILITY": cap})
      with np.load(path) as data:
        results[cap] = {k: data[k] for k in data.files}
        print(f"{cap}: PyTorch ran {results[cap]['capability']}")
  a, b = (results[c] for c in CAPABILITIES)
  arrays = {}
  for key in a:
    if key == "capability":
      continue
    differ = ~((a[key] == b[key]) | (np.isnan(a[key]) & np.isnan(b[key])))
    bits = np.flatnonzero(differ).astype(np.uint16)
    arrays[f"{key}/bits"] = bits
    arrays[f"{key}/default"] = a[key][bits]
    arrays[f"{key}/avx2"] = b[key][bits]
    if bits.size:
      print(f"{key}: {bits.size} inputs differ")
  import torch
  arrays["torch_version"] = np.array(torch.__version__)
  np.savez_compressed(OUT_PATH, **arrays)
  print(f"-> {OUT_PATH} ({os.path.getsize(OUT_PATH) / 1024:.1f} KiB)")


if __name__ == "__main__":
  if len(sys.argv) == 3 and sys.argv[1] == "--child":
    _child(sys.argv[2])
  else:
    main()
