"""Bar chart of jaxpool's time over PyTorch's and Flax's, from a run.py table.

    python benchmarks/plot.py                      # the committed results
    python benchmarks/plot.py benchmarks/results/run.txt --out docs/assets/benchmarks.png

Reads the Markdown table that ``benchmarks/run.py`` prints (its ``/torch_cl``
and ``/flax`` columns) and writes a PNG: one pair of bars per (op, shape),
below 1 meaning jaxpool is faster. ``run.py --plot PATH`` calls the same
function on the rows it has just measured. Needs matplotlib.
"""

from __future__ import annotations

import argparse
import math
import os
from typing import Iterable, Optional

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_TABLE = os.path.join(HERE, "results", "run.txt")
DEFAULT_OUT = os.path.join(HERE, "..", "docs", "assets", "benchmarks.png")


def read_table(lines: Iterable[str]) -> tuple[list[dict[str, str]], str]:
  """The rows of the first Markdown table in ``lines``, and the ``#`` header."""
  header: Optional[list[str]] = None
  rows: list[dict[str, str]] = []
  title = ""
  for line in lines:
    line = line.strip()
    if line.startswith("#") and not title:
      title = line.lstrip("# ").strip()
    if not line.startswith("|"):
      if rows:
        break
      continue
    cells = [c.strip() for c in line.strip("|").split("|")]
    if header is None:
      header = cells
    elif set("".join(cells)) <= set("-: "):
      continue
    else:
      rows.append(dict(zip(header, cells)))
  return rows, title


def _ratio(text: Optional[str]) -> float:
  try:
    return float(text) if text else math.nan
  except ValueError:
    return math.nan


def plot(rows: list[dict[str, str]], out: str, title: str = "") -> str:
  """Writes the bar chart of ``rows`` (dicts with op, shape, /torch_cl, /flax)."""
  import matplotlib
  matplotlib.use("Agg")
  import matplotlib.pyplot as plt

  labels = [f"{r['op']} {r['shape'].split()[0]}" for r in rows]
  torch = [_ratio(r.get("/torch_cl")) for r in rows]
  flax = [_ratio(r.get("/flax")) for r in rows]
  width = 0.4
  xs = range(len(rows))
  fig, ax = plt.subplots(figsize=(max(6.0, 0.55 * len(rows) + 1.5), 4.2))
  ax.bar([x - width / 2 for x in xs], torch, width,
         label="jaxpool / PyTorch (channels_last)", color="#ee4c2c")
  ax.bar([x + width / 2 for x in xs], flax, width,
         label="jaxpool / Flax or lax", color="#4a7fb5")
  ax.axhline(1.0, color="black", linewidth=0.8)
  ax.set_xticks(list(xs))
  ax.set_xticklabels(labels, rotation=60, ha="right", fontsize=7)
  ax.set_ylabel("time ratio (below 1: jaxpool faster)")
  ax.set_yscale("log")
  ax.set_title(title, fontsize=7, wrap=True)
  ax.legend(fontsize=8, loc="lower left", framealpha=0.9)
  fig.tight_layout()
  os.makedirs(os.path.dirname(os.path.abspath(out)), exist_ok=True)
  fig.savefig(out, dpi=110)
  plt.close(fig)
  return out


def main(argv=None) -> str:
  parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
  parser.add_argument("table", nargs="?", default=DEFAULT_TABLE)
  parser.add_argument("--out", default=DEFAULT_OUT)
  args = parser.parse_args(argv)
  with open(args.table) as f:
    rows, title = read_table(f)
  if not rows:
    raise SystemExit(f"no table in {args.table}")
  path = plot(rows, args.out, title)
  print(f"wrote {len(rows)} rows to {path}")
  return path


if __name__ == "__main__":
  main()
