"""The yardstick for bench_browser.py: a bare Streamlit app, one number input and one metric.

Whatever our dashboard takes beyond this app's settle time is ours; what both take is Streamlit's
own round trip (websocket, script run, React redraw).
"""

import streamlit as st

value = st.number_input("标准 / Standard", value=180, step=1, key="std")
st.metric("合计 / Total", f"{value * 2:,}")
