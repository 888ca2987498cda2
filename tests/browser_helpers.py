"""What every browser test shares: Debian's Chromium, a page opened from disk with the network
blocked, and the record of what the page did (console, errors, requests, dialogs)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]


@contextmanager
def launch() -> Iterator[Any]:
    """Chromium driven by Playwright (skips the test when Debian's Chromium is missing)."""
    if not CHROMIUM.exists():
        pytest.skip("browser tests need Debian's Chromium at /usr/bin/chromium (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            yield b
        finally:
            b.close()


@dataclass
class Visit:
    page: Any
    console: list[tuple[str, str]] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    outgoing: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)

    def assert_clean(self) -> None:
        bad = [t for kind, t in self.console if kind in ("error", "warning")]
        assert not bad, bad                      # a CSP violation (a script that tried to run) lands here
        assert not self.errors, self.errors
        assert not self.outgoing, f"requests left the machine: {self.outgoing}"
        assert not self.failed, self.failed
        assert not self.dialogs, self.dialogs


@contextmanager
def visit(browser: Any, path: Path, wait_for: str | None = None,
          viewport: tuple[int, int] = (1200, 800)) -> Iterator[Visit]:
    """Open ``path`` from disk with every non-file request aborted and recorded; then wait for the
    page's load event, or for the JavaScript function ``wait_for`` to return true."""
    ctx = browser.new_context(viewport={"width": viewport[0], "height": viewport[1]})
    page = ctx.new_page()
    v = Visit(page)
    page.on("console", lambda m: v.console.append((m.type, m.text)))
    page.on("pageerror", lambda e: v.errors.append(str(e)))
    page.on("requestfailed", lambda r: v.failed.append(r.url))

    def on_dialog(d: Any) -> None:
        v.dialogs.append(d.message)
        d.dismiss()

    page.on("dialog", on_dialog)

    def route(r: Any) -> None:
        url = r.request.url
        if url.startswith("file:"):
            r.continue_()
        else:
            v.outgoing.append(url)
            r.abort()

    ctx.route("**/*", route)
    try:
        page.goto(path.resolve().as_uri())
        if wait_for:
            page.wait_for_function(wait_for, timeout=30000)
        else:
            page.wait_for_load_state("load")
        yield v
    finally:
        ctx.close()
