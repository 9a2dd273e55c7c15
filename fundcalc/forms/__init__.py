"""The documents' official forms, built from any scenario: tables as data (model.Form), written to
XLSX (layout) or shown for print (html). See workbook.py for which forms each mechanism has."""

from .model import Cell, Form
from .workbook import FORM_NAMES, FORMS, FormOptions, build_forms, default_texts, primary_form, workbook

__all__ = ["Cell", "Form", "FORMS", "FORM_NAMES", "FormOptions", "build_forms", "default_texts", "primary_form",
           "workbook"]
