"""Render the shipped documents' notices (DOCX) to PDF and PNG with LibreOffice, for the README.

Not a test: it needs LibreOffice and poppler, which it installs with apt when missing (root, Debian). The
standard's fonts (仿宋_GB2312, 方正小标宋简体, 黑体, 楷体_GB2312) are rarely installed on Linux; a fontconfig
file maps them to Noto CJK for this render only, as Word or WPS would substitute on a machine without them.

    .venv/bin/python -m scripts.render_notice            # docs/screenshots/notice_<mechanism>.png
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "screenshots"

FONTS_CONF = """<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd"><fontconfig>
<include ignore_missing="yes">/etc/fonts/fonts.conf</include>
{aliases}
</fontconfig>"""
SUBSTITUTES = {"仿宋_GB2312": "Noto Serif CJK SC", "方正小标宋简体": "Noto Serif CJK SC",
               "楷体_GB2312": "Noto Serif CJK SC", "黑体": "Noto Sans CJK SC"}


def ensure_tools() -> None:
    missing = [pkg for tool, pkg in (("soffice", "libreoffice-writer-nogui"), ("pdftoppm", "poppler-utils"))
               if shutil.which(tool) is None]
    if missing:
        subprocess.run(["apt-get", "update", "-qq"], check=True)
        subprocess.run(["apt-get", "install", "-y", "-qq", "--no-install-recommends", *missing], check=True,
                       env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"})


def build(mechanism: str, path: Path) -> None:
    from fundcalc.cli import main

    if main(["notice", mechanism, "--out", str(path)]) != 0:
        raise SystemExit(f"notice {mechanism} failed")


def render(docx: Path, work: Path, page: int = 1) -> Path:
    """Page ``page`` of the DOCX as OUT/<stem>.png (page 1) or OUT/<stem>_p<page>.png."""
    conf = work / "fonts.conf"
    conf.write_text(FONTS_CONF.format(aliases="".join(
        f"<alias binding='same'><family>{k}</family><prefer><family>{v}</family></prefer></alias>"
        for k, v in SUBSTITUTES.items())), encoding="utf-8")
    env = {**os.environ, "FONTCONFIG_FILE": str(conf), "HOME": str(work)}
    subprocess.run(["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(work), str(docx)],
                   check=True, env=env, capture_output=True, timeout=300)
    pdf = work / (docx.stem + ".pdf")
    stem = OUT / (docx.stem if page == 1 else f"{docx.stem}_p{page}")
    subprocess.run(["pdftoppm", "-png", "-r", "80", "-singlefile", "-f", str(page), "-l", str(page), str(pdf),
                    str(stem)], check=True)
    return stem.with_suffix(".png")


def main() -> None:
    ensure_tools()
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        for mechanism in ("allocation", "settlement", "pooling"):
            docx = work / f"notice_{mechanism}.docx"
            build(mechanism, docx)
            print("written:", render(docx, work, 1).relative_to(ROOT))


if __name__ == "__main__":
    main()
