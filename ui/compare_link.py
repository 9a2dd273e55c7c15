"""A comparison as a link: ``/compare?mech=<calculation>&base=doc:<dataset>&s=db:12&s=db:13&figure=<total key>``.

Read like the scenario links of ui/share.py: a query this session has not seen yet is checked part by part
(a known calculation; a baseline and scenarios among that calculation's sources; at most SHOWN scenarios; a
figure the comparison offers) and applied to the page's selections before its widgets are drawn; a refused
part is reported in both languages and left out. Afterwards the page writes its selections back, so the
address bar always holds the current comparison. Saved scenarios are immutable versions (fundcalc.store), so
``db:<id>`` reopens exactly what was shared; the current workspace is one browser's and never goes in a link.
"""

from __future__ import annotations

from urllib.parse import urlencode

import streamlit as st

from fundcalc import mechanisms
from fundcalc.compare import MAX_SCENARIOS, county_figures
from fundcalc.errors import InputError

from . import scenario_sources as sources
from . import share
from .i18n import lang, tr
from .safe_text import md

SHOWN = min(8, MAX_SCENARIOS)
MECH, BASE, SCENARIO, FIGURE = "mech", "base", "s", "figure"
SEEN = "cmp:link:seen"
OPENED = "cmp:link:opened"  # this session's comparison came from a link


def widget_keys(mechanism: str) -> dict[str, str]:
    """The compare page's widget keys for a calculation (kept here so the link and the page agree)."""
    return {"mech": "cmp:mech", "base": f"cmp:base:{mechanism}", "picked": f"cmp:picked:{mechanism}",
            "figure": f"cmp:figure:{mechanism}"}


def _query() -> dict[str, list[str]]:
    return {k: st.query_params.get_all(k) for k in (MECH, BASE, SCENARIO, FIGURE) if k in st.query_params}


def _signature(query: dict[str, list[str]]) -> tuple:
    return tuple(sorted((k, tuple(v)) for k, v in query.items()))


def parse(query: dict[str, list[str]]) -> tuple[dict, list[InputError]]:
    """The selections a query asks for, and the refusals: {"mech", "base", "picked", "figure"} (parts may be
    missing). Pure apart from listing the saved scenarios."""
    problems: list[InputError] = []
    mech = (query.get(MECH) or [None])[-1]
    if mech is None:
        return {}, problems
    if not mechanisms.known(mech):
        return {}, [InputError("未知的测算类型", "unknown calculation", column=MECH, value=mech)]
    keys = [k for k in sources.options(mech) if k != sources.WORKSPACE]
    out: dict = {"mech": mech}
    base = (query.get(BASE) or [None])[-1]
    if base is not None:
        if base in keys:
            out["base"] = base
        else:
            problems.append(InputError("基准不在可选范围内（不存在或属于另一类测算）",
                                       "the baseline is not one of this calculation's sources", column=BASE,
                                       value=base))
    picked = _scenarios(query.get(SCENARIO, []), keys, out.get("base"), problems)
    if SCENARIO in query:
        out["picked"] = picked
    figure = (query.get(FIGURE) or [None])[-1]
    if figure is not None:
        if figure in {t.key for t in county_figures(mech)}:
            out["figure"] = figure
        else:
            problems.append(InputError("不能按这一项比较", "this figure cannot be compared", column=FIGURE,
                                       value=figure))
    return out, problems


def _scenarios(values: list[str], keys: list[str], base: str | None, problems: list[InputError]) -> list[str]:
    """The link's scenarios that are sources of the calculation, once each, at most SHOWN."""
    picked: list[str] = []
    for k in values:
        if k not in keys or k == base:
            problems.append(InputError("方案不在可选范围内（不存在、属于另一类测算或与基准相同）",
                                       "the scenario is not one of this calculation's sources (or is the baseline)",
                                       column=SCENARIO, value=k))
        elif k not in picked:
            picked.append(k)
    if len(picked) > SHOWN:
        problems.append(InputError(f"最多同时比较 {SHOWN} 个方案", f"{SHOWN} scenarios at most", column=SCENARIO,
                                   value=len(picked)))
    return picked[:SHOWN]


def read() -> bool:
    """Apply a query this session has not seen yet to the compare page's selections (before its widgets).
    True when the session's comparison came from a link (the page then opens on its figures)."""
    query = _query()
    sig = _signature(query)
    if not query or st.session_state.get(SEEN) == sig:
        return bool(st.session_state.get(OPENED))
    chosen, problems = parse(query)
    if chosen.get("picked"):
        st.session_state[OPENED] = True
    if "mech" in chosen:
        keys = widget_keys(chosen["mech"])
        st.session_state[keys["mech"]] = chosen["mech"]
        for part in ("base", "picked", "figure"):
            if part in chosen:
                st.session_state[keys[part]] = chosen[part]
    for exc in problems:  # both languages: a link is often opened by someone else than its author
        first, second = ("zh", "en") if lang() == "zh" else ("en", "zh")
        st.toast(tr("链接中的内容未被接受：", "A part of the link was refused: ") + md(exc.message(first))
                 + "  \n" + md(exc.message(second)), icon=":material/link_off:")
    st.session_state[SEEN] = sig
    return bool(st.session_state.get(OPENED))


def params(mechanism: str, base: str, picked: list[str], figure: str) -> dict[str, str | list[str]]:
    """The query of a comparison (the workspace left out: it is one browser's)."""
    out: dict[str, str | list[str]] = {MECH: mechanism}
    if base != sources.WORKSPACE:
        out[BASE] = base
    shared = [k for k in picked if k != sources.WORKSPACE]
    if shared:
        out[SCENARIO] = shared
    out[FIGURE] = figure
    return out


def write(mechanism: str, base: str, picked: list[str], figure: str) -> str:
    """Put the comparison in the address bar; returns the absolute link that reopens it."""
    wanted = params(mechanism, base, picked, figure)
    for k in (MECH, BASE, SCENARIO, FIGURE):
        if k not in wanted and k in st.query_params:
            del st.query_params[k]
    for k, v in wanted.items():
        if st.query_params.get_all(k) != (v if isinstance(v, list) else [v]):
            st.query_params[k] = v
    st.session_state[SEEN] = _signature(_query())
    root = share.app_root()
    flat = [(k, x) for k, v in wanted.items() for x in (v if isinstance(v, list) else [v])]
    query = urlencode(flat + ([("lang", lang())] if lang() != "zh" else []), safe=":")
    return f"{root}/compare?{query}"


def show_link(link: str, base: str, picked: list[str]) -> None:
    """The link that reopens this comparison, with a note when the workspace cannot travel in it."""
    with st.container(key="cmp:share"):
        st.markdown("**" + tr("分享此对比", "Share this comparison") + "**")
        st.code(link, language=None)
    if sources.WORKSPACE in [base, *picked]:
        st.caption(tr("“当前工作区”只在本浏览器中，不随链接分享；请先在「方案」页保存为方案。",
                      "The current workspace stays in this browser and is not in the link; save it as a scenario "
                      "first."))
