"""Helpers that make the 1-d/2-d/3-d Modules from one N-d Module class."""

from __future__ import annotations


def doc(cls_doc: str, fn_name: str, n: int, example: str) -> str:
  """Fills a Module docstring template and appends a doctest example."""
  return (cls_doc.format(n=n, fn=fn_name)
          + "\n  Example:\n    >>> import jax, jax.numpy as jnp\n"
          "    >>> import jaxpool.nn as jnn\n" + example + "\n")


def specialise(base, n: int, name: str, fn_name: str, example: str,
               module: str = "jaxpool.nn"):
  """A subclass of ``base`` fixed to ``n`` spatial dims, named for users."""
  cls = type(name, (base,), {"_ndim": n, "__module__": module,
                             "__qualname__": name})
  cls.__doc__ = doc(base.__doc__, fn_name, n, example)
  return cls
