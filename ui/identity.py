"""Who is using this session: the author of scenarios and the owner of drafts.

- Where the deployment configures Streamlit's sign-in (``st.login`` with OIDC, README "多人使用"), the
  signed-in user: ``user:<issuer>|<subject>`` (or the e-mail when the provider gives no subject).
- Otherwise one browser: a random id kept in a first-party cookie. Streamlit reads cookies
  (``st.context.cookies``, sent with the page's connection) but cannot set them from Python. So a session
  whose connection brought no such cookie makes an id itself (``secrets.token_hex``) and a tiny
  components-v2 element stores it as the browser's cookie; every later session of that browser finds the
  cookie at once. The element sends nothing back, so it starts no extra run (a run started under the
  user's first keystrokes would wipe a message they had just been shown).
- The id never appears in the address bar, so a copied link carries no one's identity or draft.
"""

from __future__ import annotations

import re
import secrets

import streamlit as st

COOKIE = "fundcalc_browser"
_KEY = "identity:browser"
_FROM_COOKIE = "identity:from_cookie"
_VALID = re.compile(r"^[0-9a-f]{32}$")
_COMPONENT_KEY = "identity:probe"

_JS = """
export default function(component) {
  const { data } = component;
  const name = "%s";
  const valid = /^[0-9a-f]{32}$/;
  const found = document.cookie.split("; ").find((c) => c.startsWith(name + "="));
  if (found && valid.test(found.slice(name.length + 1))) return;  // another tab of this browser was first
  const id = data && data.id;
  if (!valid.test(id || "")) return;
  const secure = location.protocol === "https:" ? "; Secure" : "";
  document.cookie = name + "=" + id + "; path=/; max-age=31536000; SameSite=Strict" + secure;
}
""" % COOKIE  # noqa: UP031 — JavaScript braces would need doubling in str.format

_probe = None


def _component():
    global _probe
    if _probe is None:
        _probe = st.components.v2.component("fundcalc_identity", js=_JS)
    return _probe


def _signed_in() -> str | None:
    try:
        user = st.user
        if user.get("is_logged_in") is not True:
            return None
        subject = user.get("sub") or user.get("email")
        return f"user:{user.get('iss', '')}|{subject}" if isinstance(subject, str) and subject else None
    except Exception:  # noqa: BLE001 — no sign-in configured or no browser context: not signed in
        return None


def browser_id() -> str:
    """This browser's id: from its cookie, or made now for a browser that has none yet (``ensure`` stores it)."""
    bid = st.session_state.get(_KEY)
    if bid:
        return bid
    try:
        raw = st.context.cookies.get(COOKIE)
    except Exception:  # noqa: BLE001 — no browser context (AppTest)
        raw = None
    if isinstance(raw, str) and _VALID.match(raw):
        st.session_state[_FROM_COOKIE] = True
    else:
        raw = secrets.token_hex(16)
    st.session_state[_KEY] = raw
    return raw


def ensure() -> None:
    """Called by dashboard/app.py on every full run: a browser that came without the cookie is given it.

    Once the cookie came with the connection, nothing is drawn, so a page's runs carry no extra element."""
    if _signed_in():
        return
    bid = browser_id()
    if not st.session_state.get(_FROM_COOKIE):
        _component()(key=_COMPONENT_KEY, data={"id": bid})


def current() -> str:
    """The author/owner id of this session (never empty)."""
    return _signed_in() or f"browser:{browser_id()}"


def sign_in_controls() -> None:
    """In the sidebar, where the deployment configures sign-in ([auth] in .streamlit/secrets.toml): sign in,
    or who is signed in and sign out. Without that configuration, nothing (the browser is the identity)."""
    try:
        configured = "is_logged_in" in st.user
    except Exception:  # noqa: BLE001 — no secrets or no browser context
        configured = False
    if not configured:
        return
    if _signed_in():
        name = st.user.get("name") or st.user.get("email") or ""
        st.sidebar.caption(("已登录：" if _zh() else "Signed in: ") + str(name))
        st.sidebar.button("退出登录" if _zh() else "Sign out", key="identity:logout", on_click=st.logout)
    else:
        st.sidebar.button("登录" if _zh() else "Sign in", key="identity:login", on_click=st.login,
                          icon=":material/login:")


def _zh() -> bool:
    from .i18n import lang

    return lang() == "zh"
