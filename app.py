"""医保资金测算台 — the dashboard: `make run` (streamlit run app.py).

The navigation is built from SECTIONS below; a later page is one line in it.
Pages gather inputs and show results; every figure comes from fundcalc.
"""

from __future__ import annotations

import sys
from pathlib import Path

import streamlit as st

ROOT = Path(__file__).resolve().parent
if str(ROOT) not in sys.path:  # `streamlit run app.py` from anywhere finds fundcalc and ui
    sys.path.insert(0, str(ROOT))

from ui import draft, identity, share, warm  # noqa: E402
from ui.i18n import lang_switch, tr  # noqa: E402
from ui.share import on_page as share_on_page  # noqa: E402

warm.once()  # imports, then gc.freeze(): the collection after every run stays short (ui/warm.py)

st.set_page_config(page_title="医保资金测算台 · Fund calculator", page_icon=":material/account_balance:",
                   layout="wide", initial_sidebar_state="expanded")

# (file, Chinese title, English title, icon, url path). The first page of the first section is the default.
# Later pages: add a line to a section, or a new section such as ("分析", "Analysis") / ("表格", "Forms").
SECTIONS: list[tuple[tuple[str, str], list[tuple[str, str, str, str, str]]]] = [
    (("", ""), [
        ("pages/overview.py", "总览", "Overview", ":material/dashboard:", "overview"),
    ]),
    (("测算", "Calculations"), [
        ("pages/allocation.py", "资助参保分配", "Contribution subsidy allocation", ":material/groups:", "allocation"),
        ("pages/settlement.py", "补助资金结算", "Subsidy settlement", ":material/receipt_long:", "settlement"),
        ("pages/pooling.py", "基金缺口分担", "Fund gap sharing", ":material/balance:", "pooling"),
    ]),
    (("分析", "Analysis"), [
        ("pages/scenarios.py", "方案", "Scenarios", ":material/bookmarks:", "scenarios"),
        ("pages/compare.py", "方案对比", "Compare scenarios", ":material/compare_arrows:", "compare"),
        ("pages/analysis.py", "目标测算与敏感性", "Goal-seek and sensitivity", ":material/query_stats:", "analysis"),
    ]),
    (("表格", "Forms"), [
        ("pages/forms.py", "正式表格", "Official forms", ":material/description:", "forms"),
    ]),
]


def build_navigation():
    lang_switch()
    nav = {}
    first = True
    for (zh, en), pages in SECTIONS:
        nav[tr(zh, en)] = [st.Page(ROOT / f, title=tr(t_zh, t_en), icon=icon, url_path=url, default=first and i == 0)
                           for i, (f, t_zh, t_en, icon, url) in enumerate(pages)]
        first = False
    return st.navigation(nav)


page = build_navigation()
identity.ensure()  # who this is: signed-in user or this browser (a cookie, never the URL; ui/identity.py)
identity.sign_in_controls()
st.sidebar.caption(tr("医保资金测算台：按文件规则测算补助分配、结算与基金缺口分担。所有金额单位为万元，精确到分后按文件取整。",
                      "Fund calculator: the documents' rules for subsidy allocation, settlement and fund gap "
                      "sharing. Amounts in 10k yuan, exact to the fen, rounded as the documents do."))
draft.restore_on_start(page.url_path if share.is_linked(page.url_path) else None)  # unsaved work (ui/draft.py)
share_on_page(page.url_path)  # share links: URL query <-> the mechanism's workspace (ui/share.py)
page.run()
