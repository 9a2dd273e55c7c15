"""`streamlit run`, with the server side of every script run on record (a diagnostic, not a benchmark).

    RUN_LOG=/tmp/runs.log .venv/bin/python -m benchmarks.serve_timed dashboard/app.py --server.port 8600
    RUN_LOG=/tmp/runs.log PROFILE=/tmp/frag.prof .venv/bin/python -m benchmarks.serve_timed dashboard/app.py

Each run appends "<ms> full|fragment" to $RUN_LOG: the time of ScriptRunner._run_script, which covers the
callbacks, the script (or fragment) itself and Streamlit's post-run work such as gc.collect(). With
$PROFILE, fragment runs are profiled with cProfile in the script thread and the stats written there
(read them with `python -m pstats`). This is how the figures in benchmarks/README.md on where a
parameter change spends its time on the server were taken.
"""

from __future__ import annotations

import cProfile
import os
import sys
import time

from streamlit.runtime.scriptrunner import script_runner
from streamlit.web import cli

_run_script = script_runner.ScriptRunner._run_script
_profile = cProfile.Profile() if os.environ.get("PROFILE") else None


def _timed(self, rerun_data):
    fragment = bool(rerun_data.fragment_id_queue)
    start = time.perf_counter()
    if _profile and fragment:
        _profile.enable()
    try:
        return _run_script(self, rerun_data)
    finally:
        if _profile and fragment:
            _profile.disable()
            _profile.dump_stats(os.environ["PROFILE"])
        with open(os.environ.get("RUN_LOG", "runs.log"), "a") as log:
            log.write(f"{(time.perf_counter() - start) * 1000:.1f} {'fragment' if fragment else 'full'}\n")


script_runner.ScriptRunner._run_script = _timed

if __name__ == "__main__":
    sys.argv = ["streamlit", "run", *sys.argv[1:]]
    sys.exit(cli.main())
