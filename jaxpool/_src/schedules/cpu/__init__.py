"""The ``cpu`` schedule: window pooling tuned for XLA:CPU.

Windows are reduced over fused strided views (no padded copy, nothing
transposed), 3-d windows in stored stages, large outputs by regions; the
gradients read stride phases; unpooling places values by phase; results read
many times are stored behind fusion barriers (conditionals). Each choice was
measured on XLA:CPU only (``benchmarks/run.py``); on other backends the
``xla`` schedule runs instead.
"""

from jaxpool._src.schedules.cpu.fusion import separately as store
from jaxpool._src.schedules.cpu.place import unpool
from jaxpool._src.schedules.cpu.reduce import codes_to_index
from jaxpool._src.schedules.cpu.reduce import max_and_codes
from jaxpool._src.schedules.cpu.reduce import max_and_index
from jaxpool._src.schedules.cpu.reduce import select_winners
from jaxpool._src.schedules.cpu.reduce import tangent_window_sum
from jaxpool._src.schedules.cpu.reduce import window_max
from jaxpool._src.schedules.cpu.reduce import window_sum

__all__ = ["codes_to_index", "max_and_codes", "max_and_index",
           "select_winners", "store", "tangent_window_sum", "unpool",
           "window_max", "window_sum"]
