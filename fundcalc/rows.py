"""Which row the user sees for each row of a table: the file's line or Excel row, or the editor's count.

fundcalc refuses a cell of a table by its 1-based position in the frame it was given ("row 3" is the third
row). A table read from a file comes with a ``RowMap`` (``ImportResult.rows``) that turns that position into
the row the user sees in the file; the caller that holds both passes the map where a message is raised:

    imported = read_table(path, schema)
    with imported.rows.naming():
        spec.compute(imported.frame, policy, validated=True)

The map travels beside the frame, never inside it: pandas copies ``DataFrame.attrs`` into every derived
frame and compares them in merges, and a frame that is edited or filtered no longer has the file's rows.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass

from .errors import InputError


def frame_row(pos: int) -> int:
    """The row a message cites for position ``pos`` (0-based) of a table: 1-based, as the editor counts."""
    return pos + 1


@dataclass(frozen=True)
class RowMap:
    """The user's row of each frame position; ``numbers`` None means the frame's own count (1, 2, …)."""

    numbers: tuple[int, ...] | None = None

    @classmethod
    def of(cls, numbers: Sequence[int] | None) -> RowMap:
        return cls(None if numbers is None else tuple(int(n) for n in numbers))

    def user_row(self, pos: int) -> int:
        if self.numbers is None or not 0 <= pos < len(self.numbers):
            return frame_row(pos)
        return self.numbers[pos]

    def relabel(self, exc: InputError) -> InputError:
        """The same refusal citing the user's row instead of the frame's."""
        if self.numbers is None or exc.row is None or not 1 <= exc.row <= len(self.numbers):
            return exc
        return InputError(exc.zh, exc.en, row=self.user_row(exc.row - 1), column=exc.column, value=exc.value)

    @contextmanager
    def naming(self) -> Iterator[None]:
        """Refusals raised inside cite the user's rows (for work on the frame this map belongs to)."""
        try:
            yield
        except InputError as exc:
            raise self.relabel(exc) from None

    def __len__(self) -> int:
        return 0 if self.numbers is None else len(self.numbers)
