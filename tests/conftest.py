"""Test configuration: strict promotion, so the library never relies on
implicit dtype or rank promotion (as Equinox's tests do)."""

import jax
import pytest

jax.config.update("jax_numpy_dtype_promotion", "strict")
jax.config.update("jax_numpy_rank_promotion", "raise")


def torch_or_skip():
  """Imports PyTorch for live differential tests, or skips them."""
  return pytest.importorskip("torch")


# tests/contracts/typing holds code for the type checker
# (tests/contracts/test_typing.py), which --doctest-modules would otherwise
# import, i.e. run. (The golden-value recorders live in tools/golden, outside
# the test paths.)
# tests/interop/zoo.py imports PyTorch at the top, and holds no tests.
collect_ignore_glob = ["contracts/typing/*", "interop/zoo.py"]
