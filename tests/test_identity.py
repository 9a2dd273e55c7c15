"""Who the author is (ui/identity.py): the signed-in user where sign-in is configured, else the browser's
cookie, else an id made for a browser that has none yet (then stored in its cookie by the element)."""

from __future__ import annotations

import re

import streamlit
from streamlit.testing.v1 import AppTest


def _probe():
    import streamlit as st

    from ui import identity

    identity.ensure()
    st.session_state["who"] = identity.current()
    st.session_state["again"] = identity.current()


class FakeUser(dict):
    """What st.user holds for a user signed in through an OIDC provider."""


def test_signed_in_user_is_the_author(monkeypatch):
    monkeypatch.setattr(streamlit, "user", FakeUser(is_logged_in=True, iss="https://sso.example", sub="u-42",
                                                    email="a@example"))
    at = AppTest.from_function(_probe, default_timeout=30)
    at.run()
    assert not at.exception
    assert at.session_state["who"] == "user:https://sso.example|u-42"


def test_not_signed_in_means_the_browser(monkeypatch):
    monkeypatch.setattr(streamlit, "user", FakeUser(is_logged_in=False))
    at = AppTest.from_function(_probe, default_timeout=30)
    at.run()
    assert not at.exception
    who = at.session_state["who"]
    assert re.fullmatch(r"browser:[0-9a-f]{32}", who)
    assert at.session_state["again"] == who  # one id for the whole session
    at.run()
    assert at.session_state["who"] == who
    other = AppTest.from_function(_probe, default_timeout=30)
    other.run()
    assert other.session_state["who"] != who  # another browser, another author
