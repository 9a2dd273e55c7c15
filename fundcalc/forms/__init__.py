"""The documents' official forms, built from any scenario: tables as data (model.Form), written to
XLSX (layout) or shown for print (html). Which forms a mechanism has, its spec says (spec.forms)."""

from .model import Cell, Form
from .workbook import FormOptions, build_forms, default_texts, form_names, kinds, primary_form, workbook

__all__ = ["Cell", "Form", "FormOptions", "build_forms", "default_texts", "form_names", "kinds", "primary_form",
           "workbook"]
