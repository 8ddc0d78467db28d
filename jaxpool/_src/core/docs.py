"""The docstring helper of the 1-d/2-d/3-d Modules made from one N-d class."""

from __future__ import annotations


def doc(cls_doc: str, fn_name: str, n: int, example: str) -> str:
  """Fills a Module docstring template and appends a doctest example."""
  return (cls_doc.format(n=n, fn=fn_name)
          + "\n  Example:\n    >>> import jax, jax.numpy as jnp\n"
          "    >>> import jaxpool.nn as jnn\n" + example + "\n")
