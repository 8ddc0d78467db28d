"""Slow exhaustive sweep: random valid configurations against the oracle.

Excluded by default; run with ``python -m pytest -q -m slow`` (CI runs it
after the main suite when its time budget allows).
"""

import numpy as np
import pytest

import jaxpool.functional as F
from tests.support import oracle
from tests.support.helpers import unique_input

MAX = {1: F.max_pool1d, 2: F.max_pool2d, 3: F.max_pool3d}
AVG = {1: F.avg_pool1d, 2: F.avg_pool2d, 3: F.avg_pool3d}


def _configs(count, seed):
  rng = np.random.default_rng(seed)
  out = []
  while len(out) < count:
    n = int(rng.integers(1, 4))
    k = tuple(int(v) for v in rng.integers(1, 5, n))
    s = tuple(int(v) for v in rng.integers(1, 4, n))
    p = tuple(int(rng.integers(0, kk // 2 + 1)) for kk in k)
    d = tuple(int(v) for v in rng.integers(1, 3, n))
    ceil = bool(rng.integers(0, 2))
    spatial = tuple(int(v) for v in rng.integers(1, 9 if n < 3 else 6, n))
    pairs = [(pp, pp) for pp in p]
    lengths = [oracle.out_length(L, kk, ss, dd, pp, pp, ceil)
               for L, kk, ss, dd, pp in zip(spatial, k, s, d, p)]
    if min(lengths) >= 1:
      out.append((n, spatial, k, s, pairs, d, ceil))
  return out


@pytest.mark.slow
@pytest.mark.parametrize("case", _configs(150, 0))
def test_random_max_and_avg_configs_match_oracle(case):
  n, spatial, k, s, pairs, d, ceil = case
  x = unique_input((2, 2) + spatial)
  want_v, want_i = oracle.max_pool(x, k, s, pairs, d, ceil)
  v, i = MAX[n](x, k, s, [pp for pp, _ in pairs], d, ceil, True,
                channels_last=False)
  np.testing.assert_array_equal(v, want_v)
  np.testing.assert_array_equal(i, want_i)
  for cip in (True, False):
    lengths = [oracle.out_length(L, kk, ss, 1, pp, pp, ceil)
               for L, kk, ss, (pp, _) in zip(spatial, k, s, pairs)]
    if min(lengths) < 1:
      continue
    if n == 3 and any(L < kk for L, kk in zip(spatial, k)):
      # PyTorch's avg_pool3d rejects an input smaller than the kernel.
      with pytest.raises(ValueError, match="smaller than kernel_size"):
        AVG[n](x, k, s, [pp for pp, _ in pairs], ceil, cip,
               channels_last=False)
      continue
    want = oracle.avg_pool(x, k, s, pairs, ceil, cip)
    got = AVG[n](x, k, s, [pp for pp, _ in pairs], ceil, cip,
                 channels_last=False)
    np.testing.assert_allclose(got, want, rtol=1e-6, atol=1e-6)
