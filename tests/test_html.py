"""The self-contained HTML page: escaped, loading nothing, and working in headless
Chromium (Debian's chromium and chromium-driver, driven by selenium)."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import Runner

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
DRIVER = shutil.which("chromedriver")


def test_user_text_is_escaped_and_nothing_is_loaded(run: Runner) -> None:
    run("claim", "add", 'Harbours <script>alert("x")</script> & "quays" \x27s')
    run("claim", "add", "--pro", "1", "<img src=http://example.org/x.png> loads nothing")
    page = run("export", "1", "--format", "html").stdout
    assert page.count("<script>") == 1  # ours, inline
    assert (
        "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &quot;quays&quot; &#x27;s" in page
    )
    assert "<img" not in page and "&lt;img src=http://example.org/x.png&gt;" in page
    assert "default-src 'none'" in page  # the policy forbids loading anything
    tags = elements(page)
    assert {"img", "link", "iframe", "object", "embed"}.isdisjoint(tag for tag, _ in tags)
    assert all(not a.get("src") for _, a in tags)
    assert all(a["href"].startswith("#") for _, a in tags if "href" in a)  # links stay in the page


def elements(page: str) -> list[tuple[str, dict[str, str]]]:
    """Every element of the page with its attributes, as a browser's parser sees them."""
    from html.parser import HTMLParser

    found: list[tuple[str, dict[str, str]]] = []

    class Collect(HTMLParser):
        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            found.append((tag, {k: v or "" for k, v in attrs}))

    Collect().feed(page)
    return found


@pytest.fixture
def browser() -> Iterator[Any]:
    if CHROMIUM is None or DRIVER is None:
        pytest.skip(
            "headless Chromium is not here (Debian: apt-get install chromium chromium-driver)"
        )
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--window-size=1200,900",
    ):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(DRIVER), options=options)
    try:
        yield driver
    finally:
        driver.quit()


def test_the_page_opens_expands_and_finds_in_chromium(run: Runner, browser: Any) -> None:
    from selenium.webdriver.common.by import By

    run("demo", "--db", run.address)
    Path("tree.html").write_text(run("export", "1", "--format", "html").stdout, encoding="utf-8")
    browser.get(Path("tree.html").resolve().as_uri())
    thesis = (
        "The Sino-Russian partnership is thick, in the English School sense of a society of states."
    )
    assert browser.title == thesis
    assert browser.find_element(By.TAG_NAME, "h1").text == thesis
    # A claim two levels down is folded away until its parent is opened.
    tree = run.json("tree", "1")
    child = next(c for c in tree["children"] if c.get("children"))
    grandchild = child["children"][0]
    below = browser.find_element(By.CSS_SELECTOR, f'li[data-id="{grandchild["id"]}"]')
    assert not below.is_displayed()
    browser.find_element(
        By.CSS_SELECTOR, f'li[data-id="{child["id"]}"] > details > summary'
    ).click()
    assert below.is_displayed()
    browser.find_element(
        By.CSS_SELECTOR, f'li[data-id="{child["id"]}"] > details > summary'
    ).click()
    assert not below.is_displayed()
    # Search opens the branches that hold what it finds.
    deep = next(c for c in grandchild.get("children", []) or [grandchild])
    target = browser.find_element(By.CSS_SELECTOR, f'li[data-id="{deep["id"]}"]')
    assert not target.is_displayed()
    words = " ".join(deep["text"].split()[:4])
    browser.find_element(By.ID, "search").send_keys(words)
    assert target.is_displayed() and "hit" in (target.get_attribute("class") or "")
    found = browser.find_element(By.ID, "found").text
    assert found.endswith("found") and int(found.split()[0]) >= 1
    assert browser.execute_script("return performance.getEntriesByType('resource').length") == 0
