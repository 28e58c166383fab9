"""A brief's HTML printed to PDF by the local headless Chromium (A4, numbered pages).

Chromium is the executable the caller names (the settings' `chromium`: TRACEGRAPH_CHROMIUM, Debian's
`/usr/bin/chromium` by default), driven by Playwright.
Every request the page would make off the document itself is refused, so printing never reaches
the network. Playwright's sync API must not run inside an asyncio loop, so printing happens on a
thread of its own.
"""

from __future__ import annotations

import html
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from graphmodel.errors import TraceGraphError

ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
TIMEOUT_MS = 30_000


class PrintError(TraceGraphError):
    """The PDF could not be printed (no Chromium, or it failed)."""


def footer_template(reference: str, page_word: str, of_word: str, rtl: bool) -> str:
    """Chromium's footer: the reference and "Page n of m" (it fills the pageNumber/totalPages spans)."""
    direction = "rtl" if rtl else "ltr"
    return (f'<div dir="{direction}" style="font-size:8px;width:100%;margin:0 12mm;color:#555;'
            'font-family:DejaVu Sans,Noto Sans Arabic,sans-serif;display:flex;justify-content:space-between">'
            f'<span>{html.escape(reference)}</span><span>{html.escape(page_word)} <span class="pageNumber"></span> '
            f'{html.escape(of_word)} <span class="totalPages"></span></span></div>')


def print_pdf(document: str, *, footer: str, chromium: Path, header: str = "<span></span>") -> bytes:
    """The document (a complete HTML page with its styles inline) as A4 PDF bytes, printed by the
    Chromium at `chromium`."""
    executable = chromium
    if not executable.exists():
        raise PrintError(f"Chromium is not installed at {executable}; install Debian's chromium package "
                         "or set TRACEGRAPH_CHROMIUM to its path.")
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(_print, str(executable), document, header, footer).result()


def _print(executable: str, document: str, header: str, footer: str) -> bytes:
    from playwright.sync_api import Error, sync_playwright

    try:
        with sync_playwright() as driver:
            browser = driver.chromium.launch(executable_path=executable, args=ARGS)
            try:
                page = browser.new_page()
                page.route("**/*", lambda route: route.abort())
                page.set_content(document, wait_until="load", timeout=TIMEOUT_MS)
                return page.pdf(format="A4", print_background=True, display_header_footer=True,
                                header_template=header, footer_template=footer, prefer_css_page_size=False,
                                margin={"top": "16mm", "bottom": "18mm", "left": "14mm", "right": "14mm"})
            finally:
                browser.close()
    except Error as error:
        raise PrintError(f"Chromium could not print the brief: {error.message.splitlines()[0]}") from None
