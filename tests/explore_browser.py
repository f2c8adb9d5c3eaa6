"""Drive Debian's headless Chromium with Selenium and Debian's chromedriver (nothing downloaded).

Shared by tests/test_explore_browser.py; ``browser(tmp)`` yields a driver whose network log
(Chromium's ``--log-net-log``) and DevTools performance log record every request."""

from __future__ import annotations

import contextlib
import json
import re
import shutil
from pathlib import Path

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMEDRIVER = shutil.which("chromedriver") or (
    "/usr/bin/chromedriver" if Path("/usr/bin/chromedriver").exists() else None)

# Chromium's own service requests (update checks, accounts) are not the page's doing.
BROWSER_SERVICES = re.compile(r"https?://[^/\"]*(?:google\.com|googleapis\.com|gstatic\.com)/")
LOCAL = re.compile(r"^(?:file|data|about|blob|chrome|chrome-error|devtools):")


def missing() -> str | None:
    """Why the browser tests cannot run here, or None."""
    try:
        import selenium  # noqa: F401
    except ImportError:
        return "selenium is not installed (pip install -e '.[dev]')"
    if not CHROMIUM or not CHROMEDRIVER:
        return "Chromium or chromedriver is missing (apt-get install chromium chromium-driver)"
    return None


@contextlib.contextmanager
def browser(tmp: Path, *, width: int = 1280, height: int = 1400):
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    opts = webdriver.ChromeOptions()
    opts.binary_location = CHROMIUM
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--disable-quic", "--disable-dev-shm-usage",
                 f"--window-size={width},{height}", f"--user-data-dir={tmp / 'profile'}",
                 f"--log-net-log={tmp / 'net.json'}"):
        opts.add_argument(flag)
    # start on about:blank: a fresh profile's new-tab page would load the default search
    # engine's start page (Debian's chromium: DuckDuckGo), which is the browser's doing
    opts.add_experimental_option("prefs", {"session.restore_on_startup": 4,
                                           "session.startup_urls": ["about:blank"],
                                           "homepage": "about:blank",
                                           "homepage_is_newtabpage": False})
    opts.set_capability("goog:loggingPrefs", {"performance": "ALL", "browser": "ALL"})
    # an explicit chromedriver: Selenium Manager never runs, so nothing is downloaded
    driver = webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=opts)
    try:
        yield driver
    finally:
        driver.quit()


def devtools_requests(driver) -> list[str]:
    """URLs of every request the pages made (DevTools Network events), local ones left out."""
    urls = []
    for entry in driver.get_log("performance"):
        msg = json.loads(entry["message"])["message"]
        if msg.get("method") == "Network.requestWillBeSent":
            urls.append(msg["params"]["request"]["url"])
    return [u for u in urls if not LOCAL.match(u)]


def netlog_requests(tmp: Path) -> list[str]:
    """http(s) URLs in Chromium's net log (complete once the browser quits). The browser's own
    preconnect to its default search engine (``is_preconnect``) opens no request and is left
    out, as are Google's service hosts."""
    log = json.loads((tmp / "net.json").read_text("utf-8", errors="replace"))
    urls = set()
    for event in log.get("events", []):
        params = event.get("params") or {}
        url = params.get("url")
        if isinstance(url, str) and url.startswith(("http:", "https:", "ws:", "wss:")) \
                and not params.get("is_preconnect"):
            urls.add(url)
    return sorted(u for u in urls if not BROWSER_SERVICES.match(u))
