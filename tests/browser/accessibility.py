"""axe-core (bundled by axe-playwright-python) run in a page: the serious and critical
violations a screen-reader or keyboard user would meet, as readable lines."""

from __future__ import annotations

from axe_playwright_python.async_playwright import Axe
from playwright.async_api import Page

SERIOUS = frozenset({"serious", "critical"})
_AXE = Axe()


async def serious_violations(page: Page, context: str | None = None) -> list[str]:
    """axe's serious and critical violations in ``page`` (or in the ``context`` selector),
    each as "rule: help (where)"; raises if axe checked nothing at all."""
    results = await _AXE.run(page, context=context)
    assert results.response["passes"], "axe checked nothing"
    return [
        f"{v['id']}: {v['help']} ({', '.join(str(n['target']) for n in v['nodes'][:3])})"
        for v in results.response["violations"]
        if v["impact"] in SERIOUS
    ]
