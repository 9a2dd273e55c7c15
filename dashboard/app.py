"""医保资金测算台 — the dashboard: `make run` (`python -m streamlit run dashboard/app.py` from the project root,
which puts the root on sys.path so fundcalc and ui import).

The navigation is ui/nav.py; a later page is one line in it.
Pages gather inputs and show results; every figure comes from fundcalc.
"""

from __future__ import annotations

import streamlit as st

from ui import draft, identity, live, nav, share, warm
from ui.i18n import lang_switch, tr
from ui.share import on_page as share_on_page

warm.once()  # imports, then gc.freeze(): the collection after every run stays short (ui/warm.py)

st.set_page_config(page_title="医保资金测算台 · Fund calculator", page_icon=":material/account_balance:",
                   layout="wide", initial_sidebar_state="auto")  # auto: closed on a phone, where it covers the page

live.new_run()  # no fragment drawn yet in this full run (ui/live.py)
lang_switch()
page = nav.build()
identity.ensure()  # who this is: signed-in user or this browser (a cookie, never the URL; ui/identity.py)
identity.sign_in_controls()
st.sidebar.caption(tr("医保资金测算台：按文件规则测算补助分配、结算与基金缺口分担。所有金额单位为万元，精确到分后按文件取整。",
                      "Fund calculator: the documents' rules for subsidy allocation, settlement and fund gap "
                      "sharing. Amounts in 10k yuan, exact to the fen, rounded as the documents do."))
draft.restore_on_start(page.url_path if share.is_linked(page.url_path) else None)  # unsaved work (ui/draft.py)
share_on_page(page.url_path)  # share links: URL query <-> the mechanism's workspace (ui/share.py)
page.run()
