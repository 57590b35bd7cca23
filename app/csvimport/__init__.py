"""Spreadsheet import (`nudge import-csv FILE`): a job-search spreadsheet's CSV as Nudge processes.

Kept apart from the command line so it can be tested on real files and used
by the dashboard later; it imports neither Textual nor the storage layer,
only the backup format it produces. The steps, one module each: `sniff`
(bytes to cells), `columns` (headers to fields), `values` (cells to dates
and statuses), `plan` (rows to a checked Backup, a preview and a report).
"""

from __future__ import annotations

from app.csvimport.columns import FIELDS, Column, parse_map_option
from app.csvimport.plan import CsvPlan, MergeSummary, plan_csv

__all__ = ["FIELDS", "Column", "CsvPlan", "MergeSummary", "parse_map_option", "plan_csv"]
