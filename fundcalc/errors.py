"""The one error type users see: it names the row, the column and the value, in Chinese and English.

Every refusal in the package (bad input table, bad parameter, unreadable file)
raises ``InputError`` so that the dashboard and the command line can show one
clear line instead of a traceback.
"""

from __future__ import annotations


class InputError(ValueError):
    """A refusal of user input, with a bilingual message.

    ``row`` is the 1-based data row as a user counts it in the file or editor
    (None when the problem is not tied to one row); ``column`` is the label the
    user sees; ``value`` is the offending value as given.
    """

    def __init__(self, zh: str, en: str, *, row: int | None = None,
                 column: str | None = None, value: object = None):
        self.zh = zh
        self.en = en
        self.row = row
        self.column = column
        self.value = value
        super().__init__(self.message("zh") + " / " + self.message("en"))

    def _where(self, lang: str) -> str:
        parts = []
        if lang == "zh":
            if self.row is not None:
                parts.append(f"第 {self.row} 行")
            if self.column is not None:
                parts.append(f"「{self.column}」列")
            if self.value is not None:
                parts.append(f"值 “{_show(self.value)}”")
            return "，".join(parts) + "：" if parts else ""
        if self.row is not None:
            parts.append(f"row {self.row}")
        if self.column is not None:
            parts.append(f"column '{self.column}'")
        if self.value is not None:
            parts.append(f"value '{_show(self.value)}'")
        return (", ".join(parts) + ": ") if parts else ""

    def message(self, lang: str = "zh") -> str:
        """The full sentence in one language ("zh" or "en")."""
        return self._where(lang) + (self.zh if lang == "zh" else self.en)

    def one_line(self) -> str:
        return self.message("zh") + " | " + self.message("en")


def _show(value: object) -> str:
    text = str(value)
    return text if len(text) <= 40 else text[:37] + "..."
