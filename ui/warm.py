"""Once per server process: import what every page needs, then move it out of the garbage collector's sight.

Streamlit runs a full ``gc.collect()`` after every script run (``runner.postScriptGC``), which is
right for memory but walked every object of pandas, pyarrow, plotly and fundcalc each time:
about 50 ms of a parameter change on this machine (docs/speed.md §7, measured with cProfile in the live
server). ``gc.freeze()`` after the imports puts those long-lived objects in the permanent
generation, so the collection after each run only walks what the run created, and the first
visitor does not pay for the imports either.

The forced collection itself is now off too (.streamlit/config.toml, ``postScriptGC = false``): even
walking only what a run created cost about 2 ms per run. Python's own threshold-driven collections still
run, and the freeze keeps them cheap.
"""

from __future__ import annotations

import gc
import importlib

MODULES = ("numpy", "pandas", "pyarrow", "plotly.graph_objects", "plotly.io", "openpyxl",
           "fundcalc.mechanisms", "fundcalc.importer", "fundcalc.tables", "fundcalc.forms", "fundcalc.store",
           "fundcalc.sweep")

_done = False


def once() -> None:
    global _done
    if _done:
        return
    for name in MODULES:
        importlib.import_module(name)
    gc.collect()
    gc.freeze()
    _done = True
