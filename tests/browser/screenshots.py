"""Screenshots of the main screens, saved for people to look at (CI keeps them as artifacts).

They go to ``test-artifacts/screenshots/`` under the repository root; nothing compares them.
"""

from __future__ import annotations

from pathlib import Path

from playwright.async_api import Page

SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"


async def screenshot(page: Page, name: str) -> Path:
    """Save the page as ``<name>.png``; returns the path."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    # Animations off: the drawer's slide would otherwise be caught half way.
    await page.screenshot(path=str(path), animations="disabled")
    return path
