"""新建测算 / New calculation: a user's own document (region, year, 文号, levels, categories, values) and its county
table, set up step by step on one screen, checked, previewed, and saved as the user's own baseline."""

from __future__ import annotations

import streamlit as st

from ui.i18n import tr
from ui.wizard import document_step, kept, save_step, start_step, table_step

STEPS = (("起点", "Start"), ("文件信息", "The document"), ("县级表格", "County table"),
         ("预览与保存", "Preview and save"))

st.title(tr("新建测算", "New calculation"))
st.caption(tr("为自己的城市建一份基准：文件的地区、年度、文号、各级名称和人员类别，再导入县级表格，保存后在测算页打开。"
              "输入的内容离开本页再回来仍然保留。",
              "Set up your own city's baseline: the document's region, year, number, level names and person "
              "categories, then its county table; save it and open it on the calculation page. What you enter stays "
              "when you leave this page and come back."))
progress = st.empty()
heads = []


def step(n: int):
    box = st.container(border=True, key=f"nb-step-{n}")
    heads.append(box.empty())
    return box


done = 0
with step(1):
    ok = start_step.show()
if ok:
    done = 1
    with step(2):
        entered = document_step.show(kept.get("start"))
    if entered is not None:
        done = 2
        doc, policy = entered
        with step(3):
            table = table_step.show(policy)
        if table is not None:
            done = 3
            with step(4):
                if save_step.show(doc, policy, table.frame):
                    done = 4
for n, head in enumerate(heads, start=1):
    head.subheader(("✓ " if n <= done else f"{n}. ") + tr(*STEPS[n - 1]))
progress.progress(done / len(STEPS), text=tr(f"已完成 {done} / {len(STEPS)} 步", f"{done} of {len(STEPS)} steps done"))
