"""The page of a mechanism that has no page of its own: everything it shows comes from its spec."""

from __future__ import annotations

from ui import mechanism_page, nav

mechanism_page.show(nav.current())
