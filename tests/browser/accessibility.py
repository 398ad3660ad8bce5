"""What the browser tests check on every page a person opens: axe-core (the packaged
selenium-axe-python's copy) finds no serious or critical WCAG 2.2 A/AA violation, and at phone
width (390 px) nothing makes the page scroll sideways."""

from __future__ import annotations

import json
from typing import Any

from selenium.webdriver.remote.webdriver import WebDriver
from selenium_axe_python import Axe

TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
SERIOUS = {"serious", "critical"}
PHONE = (390, 844)
DESKTOP = (1400, 1000)


def axe_violations(driver: WebDriver) -> list[dict[str, Any]]:
    """The serious and critical violations axe-core finds on the page as it is now."""
    axe = Axe(driver)
    axe.inject()
    options = json.dumps({"runOnly": {"type": "tag", "values": TAGS}})
    results = axe.run(options=options)
    return [v for v in results["violations"] if v.get("impact") in SERIOUS]


def describe(violations: list[dict[str, Any]]) -> str:
    """One line per violation and up to three of the elements it names."""
    lines = []
    for v in violations:
        targets = [" ".join(map(str, n["target"])) for n in v["nodes"][:3]]
        lines.append(f"{v['impact']} {v['id']}: {v['help']} at {targets}")
    return "\n".join(lines)


def sideways_overflow(driver: WebDriver) -> int:
    """How many pixels the page is wider than the window (0: no sideways scrolling)."""
    return int(
        driver.execute_script(
            "return document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
    )


def widest_elements(driver: WebDriver) -> list[str]:
    """The outermost elements that reach past the window's right edge, outside any box that
    scrolls on its own (to say what to fix)."""
    return list(
        driver.execute_script(
            "const w = document.documentElement.clientWidth;"
            "const clips = (e) => { for (let p = e.parentElement; p; p = p.parentElement) {"
            "  const o = getComputedStyle(p).overflowX;"
            "  if (['auto', 'hidden', 'scroll'].includes(o)) return true; } return false; };"
            "const wide = [...document.querySelectorAll('body *')]"
            ".filter((e) => e.getBoundingClientRect().right > w + 1 && !clips(e));"
            "return wide.filter((e) => !wide.includes(e.parentElement)).slice(0, 5)"
            ".map((e) => e.tagName + (e.id ? '#' + e.id : '') +"
            " (typeof e.className === 'string' && e.className ? '.' + e.className : '') +"
            " ' right=' + Math.round(e.getBoundingClientRect().right));"
        )
    )


def script_errors(driver: WebDriver) -> list[str]:
    """The errors the page's scripts raised since the last call (Chromium's console log)."""
    return [
        str(entry["message"])
        for entry in driver.get_log("browser")
        if entry.get("level") == "SEVERE" and entry.get("source") == "javascript"
    ]
