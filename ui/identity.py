"""Who is using this session: the author of scenarios and the owner of drafts.

- Where the deployment configures Streamlit's sign-in (``st.login`` with OIDC, README "多人使用"), the
  signed-in user: ``user:<issuer>|<subject>`` (or the e-mail when the provider gives no subject).
- Otherwise one browser: a random id kept in a first-party cookie. Streamlit reads cookies
  (``st.context.cookies``, sent with the page's connection) but cannot set them from Python, so a tiny
  components-v2 element creates the id in the browser (crypto.getRandomValues), stores the cookie and
  reports the id back once; every later session of that browser finds the cookie at once. The id never
  appears in the address bar, so a copied link carries no one's identity or draft.
- Until the browser has answered (the first moments of a first visit, or no browser at all as in AppTest),
  the session has an id of its own: whatever it saves is its own, and nobody else's.
"""

from __future__ import annotations

import re
import secrets

import streamlit as st

COOKIE = "fundcalc_browser"
_KEY = "identity:browser"
_SESSION_KEY = "identity:session"
_VALID = re.compile(r"^[0-9a-f]{32}$")
_COMPONENT_KEY = "identity:probe"

_JS = """
export default function(component) {
  const { setStateValue } = component;
  const name = "%s";
  const found = document.cookie.split("; ").find((c) => c.startsWith(name + "="));
  let id = found ? found.slice(name.length + 1) : "";
  if (!/^[0-9a-f]{32}$/.test(id)) {
    const bytes = new Uint8Array(16);
    crypto.getRandomValues(bytes);
    id = Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
  }
  const secure = location.protocol === "https:" ? "; Secure" : "";
  document.cookie = name + "=" + id + "; path=/; max-age=31536000; SameSite=Strict" + secure;
  setStateValue("id", id);
}
""" % COOKIE

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


def browser_id() -> str | None:
    """This browser's id, when known (the cookie came with the connection, or the element reported it)."""
    bid = st.session_state.get(_KEY)
    if bid:
        return bid
    try:
        raw = st.context.cookies.get(COOKIE)
    except Exception:  # noqa: BLE001 — no browser context (AppTest)
        raw = None
    if isinstance(raw, str) and _VALID.match(raw):
        st.session_state[_KEY] = raw
        return raw
    return None


def _reported() -> None:
    value = st.session_state.get(_COMPONENT_KEY)
    bid = (value or {}).get("id") if hasattr(value, "get") else None
    if bid and _VALID.match(str(bid)):
        st.session_state[_KEY] = str(bid)


def ensure() -> None:
    """Called by app.py on every full run: until this browser's id is known, the element that finds or makes it.

    Once known it is not drawn again, so a page's runs carry no extra element."""
    if _signed_in() or browser_id():
        return
    _component()(key=_COMPONENT_KEY, on_id_change=_reported)


def current() -> str:
    """The author/owner id of this session (never empty)."""
    who = _signed_in()
    if who:
        return who
    bid = browser_id()
    if bid:
        return f"browser:{bid}"
    sid = st.session_state.get(_SESSION_KEY)
    if not sid:
        sid = st.session_state[_SESSION_KEY] = secrets.token_hex(16)
    return f"session:{sid}"


def is_known() -> bool:
    """A lasting identity (signed in, or this browser's cookie): drafts can be kept for it."""
    return bool(_signed_in() or browser_id())


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
