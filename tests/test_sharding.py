"""Data-parallel sharding on 8 simulated CPU devices, in a process of its own
(XLA's device count is fixed when JAX starts): see tests/sharding_check.py."""

import os
import subprocess
import sys


def test_batch_sharded_pooling_and_train_step_match_one_device():
  script = os.path.join(os.path.dirname(__file__), "sharding_check.py")
  env = dict(os.environ, JAX_PLATFORMS="cpu")
  result = subprocess.run([sys.executable, script], capture_output=True,
                          text=True, env=env, timeout=600)
  assert result.returncode == 0, result.stdout + result.stderr
  assert "ok: data-parallel train step" in result.stdout
