"""Data-parallel sharding on 8 simulated CPU devices, in a process of its own
(XLA's device count is fixed when JAX starts): see
tests/support/sharding_check.py."""

import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))))


def _env():
  # The scripts must import the tree under test, not whichever jaxpool is
  # installed (an editable install of another checkout or worktree).
  path = os.pathsep.join(p for p in [ROOT, os.environ.get("PYTHONPATH")] if p)
  return dict(os.environ, JAX_PLATFORMS="cpu", PYTHONPATH=path)


def test_batch_sharded_pooling_and_train_step_match_one_device():
  script = os.path.join(os.path.dirname(__file__), "..", "support",
                        "sharding_check.py")
  result = subprocess.run([sys.executable, script], capture_output=True,
                          text=True, env=_env(), timeout=600)
  assert result.returncode == 0, result.stdout + result.stderr
  assert "ok: data-parallel train step" in result.stdout


def test_data_parallel_example_matches_one_device():
  script = os.path.join(os.path.dirname(__file__), "..", "..", "examples",
                        "data_parallel.py")
  result = subprocess.run(
      [sys.executable, script, "--devices", "4", "--steps", "4",
       "--batch-size", "32"], capture_output=True, text=True,
      env=_env(), timeout=600)
  assert result.returncode == 0, result.stdout + result.stderr
  assert "4 devices, batch 32 sharded 8 per device" in result.stdout
  assert "all-gathers activations: False" in result.stdout
