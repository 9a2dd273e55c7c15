"""Every bound on what a user hands in, in one place: checked BEFORE the work they bound.

A county table is a few kB with a few hundred rows; a policy or scenario file is
a page. Anything far beyond is a mistake or an attack, and is refused at once
with a message, before it is parsed, converted or expanded, so that one file or
one link cannot hold the server's memory or CPU for the other users.

The README section "可靠性 / Reliability" lists these figures; keep them in step.
"""

from __future__ import annotations

# --- files (upload, --data) ----------------------------------------------------------------
# .streamlit/config.toml's server.maxUploadSize carries the same figure.
MAX_FILE_MB = 10
MAX_FILE_BYTES = MAX_FILE_MB * 1024 * 1024
MAX_ROWS = 100_000                 # county rows (plus HEADER_SCAN_ROWS of titles and headers)
MAX_COLS = 256                     # columns read; any further columns are ignored and said so
HEADER_SCAN_ROWS = 30              # rows searched for the header
MAX_CELL_CHARS = 1_000             # one cell of a table (a note may be long; a county name is not)
MAX_NAME_CHARS = 100               # a county or category name, a scenario name

# --- XLSX (a zip of XML) -------------------------------------------------------------------
MAX_ZIP_ENTRIES = 1_000            # a workbook has a dozen parts
MAX_UNZIPPED_BYTES = 32 * 1024 * 1024   # all parts together, as declared in the zip's directory
MAX_SHEET_CELLS = 2_000_000        # <c> elements in the chosen sheet, counted as the XML streams
MAX_ZIP_RATIO = 200                # inflated / compressed size of the whole archive (XML packs ~10-30×)
MAX_MERGED_RANGES = 10_000         # <mergeCell> elements read from a sheet
MAX_SHEETS = 256

# --- Parquet -------------------------------------------------------------------------------
MAX_PARQUET_COLUMNS = 1_000        # columns declared in the footer (only MAX_COLS are read)

# --- numbers (files, the editor, links, scenario JSON, --set) -------------------------------
MAX_NUMBER_CHARS = 40              # a number as typed, before any parsing
MAX_EXPONENT_DIGITS = 2            # "1e3" is a number; "1e1000000" is refused before it is expanded

# --- policy TOML and scenario JSON files -----------------------------------------------------
MAX_POLICY_BYTES = 256 * 1024
MAX_SCENARIO_BYTES = 2 * 1024 * 1024   # a scenario carries its table edits, a few hundred rows at most
MAX_SCENARIO_ITEMS = 200_000           # JSON values (objects, lists, scalars) in one scenario file
MAX_JSON_DEPTH = 20
MAX_TEXT_CHARS = 10_000                # a scenario's description

# --- saved baselines and the backup file -----------------------------------------------------
MAX_BASELINE_TABLE_BYTES = 2 * 1024 * 1024   # a baseline's county (or monthly) table as CSV text
MAX_BACKUP_BYTES = 64 * 1024 * 1024          # one backup file: every baseline and scenario of a user
MAX_BACKUP_ITEMS = 2_000_000                 # JSON values in it (each scenario inside keeps its own bounds)
MAX_BACKUP_ENTRIES = 5_000                   # baselines plus scenarios in one backup
