"""A page with ui/live.py's three fragments and one button per rerun event: each fragment, and the page, show
how many times they ran, so tests/browser/test_fragments.py can see what a click reran."""

from __future__ import annotations

import streamlit as st

from ui import live

live.new_run()
st.session_state["page"] = st.session_state.get("page", 0) + 1
st.write(f"page:{st.session_state['page']}")


def counter(name: str):
    def body() -> None:
        st.session_state[name] = st.session_state.get(name, 0) + 1
        st.write(f"{name}:{st.session_state[name]}")

    return body


for fragment in live.FRAGMENTS:
    live.fragment(fragment, "demo")(counter(fragment))()


# The buttons sit in a fragment of their own, like the page's inputs sit in theirs: a click reruns that
# fragment unless its callback names others.
@st.fragment
def controls() -> None:
    for event in live.RERUNS:
        st.button(event, key=f"ev:{event}", on_click=live.rerun, args=(event, "demo"))
    st.button("undrawn note", key="ev:undrawn", on_click=live.rerun, args=("param_changed", "demo"),
              kwargs={"notes": ["nowhere"]})


controls()
