"""A real headless browser for the HTML report's tests: Debian's Chromium, driven by Selenium.

Chromium and its driver are found at ``$FPLINT_CHROMIUM`` / ``$FPLINT_CHROMEDRIVER``, on the
PATH, or in /usr/bin; when missing they are installed from Debian's packages (``chromium``,
``chromium-driver``) with apt-get, which needs root — as CI has. Without them the tests fail,
saying what to install: they are never skipped. Selenium (the ``test`` extra) is told where
the driver is and runs offline (``SE_OFFLINE``): Selenium Manager never downloads a browser.

Also a script, for the screenshot in docs/: ``python tests/report/browser.py PAGE.html OUT.png``.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

#: The flags that run Chromium here: no sandbox (root in a container), no GPU, and nothing that
#: reaches out (QUIC, component updates, sync, background networking).
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


class BrowserMissing(Exception):
    """Chromium or its driver is not here and cannot be installed; says what to do."""


def _find(variable: str, name: str) -> str | None:
    configured = os.environ.get(variable)
    if configured:
        return configured if Path(configured).exists() else None
    return shutil.which(name) or (f"/usr/bin/{name}" if Path(f"/usr/bin/{name}").exists() else None)


def executables() -> tuple[str, str]:
    """(chromium, chromedriver), installing Debian's packages when they are missing."""
    chromium, driver = _find("FPLINT_CHROMIUM", "chromium"), _find("FPLINT_CHROMEDRIVER", "chromedriver")
    if chromium and driver:
        return chromium, driver
    apt = shutil.which("apt-get")
    if apt is None or not hasattr(os, "geteuid") or os.geteuid() != 0:
        raise BrowserMissing(
            "the HTML report's browser tests need Chromium and ChromeDriver: install Debian's 'chromium' and "
            "'chromium-driver' (apt-get install -y chromium chromium-driver, as root), or set "
            "FPLINT_CHROMIUM and FPLINT_CHROMEDRIVER"
        )
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    for command in ([apt, "update", "-q"], [apt, "install", "-y", "-q", "chromium", "chromium-driver"]):
        done = subprocess.run(command, capture_output=True, text=True, env=env, timeout=1800)
        if done.returncode != 0:
            raise BrowserMissing(f"'{' '.join(command)}' failed (exit {done.returncode}):\n{done.stdout[-2000:]}\n{done.stderr[-2000:]}")
    chromium, driver = _find("FPLINT_CHROMIUM", "chromium"), _find("FPLINT_CHROMEDRIVER", "chromedriver")
    if not (chromium and driver):
        raise BrowserMissing("apt-get installed chromium and chromium-driver, but they are not on the PATH")
    return chromium, driver


def start(width: int = 1300, height: int = 1000) -> Any:
    """A headless Chromium under Selenium, with a new empty profile, logging the console."""
    os.environ["SE_OFFLINE"] = "true"  # Selenium Manager: never fetch a browser or a driver
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    chromium, driver = executables()
    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for flag in [*FLAGS, f"--user-data-dir={tempfile.mkdtemp(prefix='fplint-chromium-')}", f"--window-size={width},{height}"]:
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    return webdriver.Chrome(service=Service(driver), options=options)


def screenshot(page: Path, out: Path, height: int = 2300) -> None:
    """Open ``page`` from disk and save what the window shows as a PNG."""
    browser = start(1300, height)
    try:
        browser.get(page.resolve().as_uri())
        errors = [entry for entry in browser.get_log("browser") if entry["level"] == "SEVERE"]
        if errors:
            raise SystemExit(f"the page logged errors: {errors}")
        browser.save_screenshot(str(out))
    finally:
        browser.quit()


if __name__ == "__main__":
    if len(sys.argv) != 3:
        raise SystemExit("usage: python tests/report/browser.py PAGE.html OUT.png")
    screenshot(Path(sys.argv[1]), Path(sys.argv[2]))
