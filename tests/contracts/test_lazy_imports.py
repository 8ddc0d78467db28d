"""``import jaxpool`` then ``jaxpool.interop`` and ``jaxpool.nnx`` work (a
lazy module attribute), while importing jaxpool alone loads neither them
nor flax.nnx nor PyTorch. Run in a fresh interpreter: this one has them
loaded already."""

import pathlib
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parents[2]

SCRIPT = """
import sys
import jaxpool
heavy = ["jaxpool.interop", "jaxpool.nnx", "flax.nnx", "torch"]
print(sorted(m for m in heavy if m in sys.modules))
# Attribute access first: an import statement would set the attribute.
interop, nnx = jaxpool.interop, jaxpool.nnx
from jaxpool.interop import load_torch_state_dict
assert interop.load_torch_state_dict is load_torch_state_dict
assert nnx.MaxPool2d.__module__ == "jaxpool.nnx"
assert {"interop", "nnx"} <= set(dir(jaxpool))
try:
  jaxpool.missing
except AttributeError as e:
  print(e)
"""


def test_interop_and_nnx_are_attributes_imported_on_first_use():
  out = subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True,
                       text=True, check=True, cwd=ROOT).stdout.splitlines()
  assert out == ["[]", "module 'jaxpool' has no attribute 'missing'"]
