"""Run axe-core (vendored under tests/a11y/vendor, never downloaded at test time) inside a Playwright page.

The engine is evaluated through the browser's debugging protocol rather than added as a <script>: the site's
Content-Security-Policy rightly refuses inline scripts, and the test must not weaken it."""

from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path

AXE_VERSION = "4.14.1"
AXE_SHA256 = "29348999450cdf2849a8e70b7912fc2da85a849da39c0d0d5394f51d4a9ed95c"
AXE_FILE = Path(__file__).parent / "vendor" / f"axe-core-{AXE_VERSION}" / "axe.min.js"
FAILING_IMPACTS = ("serious", "critical")


@lru_cache(maxsize=1)
def axe_source() -> str:
    data = AXE_FILE.read_bytes()
    assert hashlib.sha256(data).hexdigest() == AXE_SHA256, f"{AXE_FILE} is not the pinned axe-core {AXE_VERSION}"
    return data.decode("utf-8")


RUN = """async () => {
  const result = await axe.run(document, {resultTypes: ['violations']});
  return result.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.slice(0, 3).map(n => n.target.join(' ') + ' :: ' + (n.failureSummary || '').split('\\n').slice(1, 2).join(''))}));
}"""


def violations(page) -> list[dict]:
    """Every axe violation on the page as it is now (all rules axe runs by default: WCAG 2.x A and AA)."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(axe_source())
    return page.evaluate(RUN)


def serious_violations(page) -> list[str]:
    """The serious and critical violations, one readable line each (rule, where, why)."""
    return [f"{page.url} {v['impact']} {v['id']} ({v['help']}): {'; '.join(v['nodes'])}"
            for v in violations(page) if v["impact"] in FAILING_IMPACTS]
