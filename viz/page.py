"""Writing pages that work from disk, offline, and cannot be made to run a document's text.

Three rules hold for every page kg writes:

* **No network.** vis-network's JS and CSS come from the copy bundled inside
  the installed ``pyvis`` package (pyvis's own templates fetch it from a CDN,
  and bootstrap too, so they are not used). A view page inlines them; atlas
  pages share one copy in ``assets/`` next to them.
* **Escaped text.** Pages are Jinja2 templates with autoescape on; data for
  scripts goes in ``<script type="application/json">`` with ``<``, ``>`` and
  ``&`` as ``\\u`` escapes, and the scripts build tooltips with ``textContent``,
  never ``innerHTML``.
* **A Content-Security-Policy** allowing only the page's own scripts (by hash)
  and files beside it, as a second wall behind the escaping.

>>> script_json({"name": "</script><script>alert(1)</script>"})
Markup('{"name":"\\\\u003c/script\\\\u003e\\\\u003cscript\\\\u003ealert(1)\\\\u003c/script\\\\u003e"}')
"""

from __future__ import annotations

import base64
import hashlib
import json
from functools import cache, lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from kg.outfile import write_text

VIS_DIR = ("lib", "vis-9.1.2")


class AssetError(RuntimeError):
    """The bundled vis-network files cannot be found (broken pyvis install)."""


def script_json(data: Any) -> Markup:
    """JSON safe to place inside a ``<script type="application/json">`` element."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=False)
    for ch, esc in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"),
                    ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(ch, esc)
    return Markup(text)


@cache
def vis_asset(name: str) -> str:
    """Text of ``vis-network.min.js`` or ``vis-network.css`` from the installed pyvis package."""
    try:
        import pyvis
    except ImportError as exc:  # pragma: no cover - pyvis is a hard dependency
        raise AssetError("pyvis is not installed; it supplies vis-network for the pictures") from exc
    path = Path(pyvis.__file__).parent.joinpath(*VIS_DIR, name)
    if not path.is_file():
        raise AssetError(f"{path}: bundled vis-network file missing; reinstall pyvis")
    return path.read_text(encoding="utf-8")


@cache
def own_asset(name: str) -> str:
    """Text of one of kg.viz's own files in ``viz/assets``."""
    return resources.files("kg.viz").joinpath("assets").joinpath(name).read_text(encoding="utf-8")


def csp_hash(script: str) -> str:
    """The CSP source expression allowing exactly this inline script."""
    digest = hashlib.sha256(script.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


def csp(scripts: list[str], frames: bool = False) -> str:
    """Content-Security-Policy for a page with these inline scripts.

    >>> "connect-src" in csp([])
    False
    >>> csp([]).startswith("default-src 'none'")
    True
    """
    hashes = " ".join(csp_hash(s) for s in scripts)
    policy = [
        "default-src 'none'",
        f"script-src 'self' {hashes}".rstrip(),
        "style-src 'self' 'unsafe-inline'",  # vis-network sets element styles itself
        "img-src 'self' data:",
        "base-uri 'none'",
        "form-action 'none'",
    ]
    if frames:
        policy.append("frame-src 'self'")
    return "; ".join(policy)


@lru_cache(maxsize=1)
def _env() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.PackageLoader("kg.viz", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def render(template: str, scripts: list[str], frames: bool = False, **context: Any) -> str:
    """Render ``templates/<template>`` with autoescape; ``scripts`` are the inline scripts the
    template places verbatim (as ``inline_scripts``) and the CSP allows."""
    return _env().get_template(template).render(
        csp=csp(scripts, frames), inline_scripts=[Markup(s) for s in scripts], **context)


def copy_shared_assets(outdir: Path) -> Path:
    """Write vis-network and kg.viz's scripts and styles into ``outdir/assets`` for atlas pages."""
    dest = outdir / "assets"
    dest.mkdir(parents=True, exist_ok=True)
    for name in ("vis-network.min.js", "vis-network.css"):
        write_text(dest / name, vis_asset(name))
    src = resources.files("kg.viz").joinpath("assets")
    for item in src.iterdir():
        if item.name.endswith((".js", ".css")):
            write_text(dest / item.name, item.read_text(encoding="utf-8"))
    return dest
