"""The room in real browsers: `debate serve` as a process on loopback, and three
headless Chromiums at once (a phone, the projector, a judge's laptop) driven by
selenium. The phone joins, polls and votes; the projector shows the vote within
2 s; `session next` typed in a terminal reaches the phone; the judge hands in a
ballot. Hostile texts in claims, names and the motion never run. Screenshots of
each page at its size go to $DEBATE_SCREENSHOTS when it is set."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import Runner

pytestmark = pytest.mark.sqlite_only("the browsers meet the same server on either engine")
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
DRIVER = shutil.which("chromedriver")
BOUND_S = 20
PWN = '<img src=x onerror="window.pwned=1"><script>window.pwned=2</script>'
SIZES = {"phone": (390, 844), "projector": (1920, 1080), "judge": (1200, 900)}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def served(run: Runner) -> Iterator[tuple[Runner, str, dict[str, str]]]:
    """An LD debate with a judge, hostile text in its motion, a claim and a name,
    served on loopback; its base URL and its private links."""
    run("claim", "add", f"Trade ties make war less likely {PWN}")
    run("session", "new", "1", "--format", "ld", "--side", "aff:ana", "--side",
        "neg:<b>cy</b>", "--judge", "jo", "--motion", f"Trade {PWN}")  # fmt: skip
    run("session", "start", "1")
    run("claim", "add", f"Ports grew {PWN}", "--pro", "1")
    doc = run.json("session", "links", "1", "--base", "")
    links = {k["participant"]: k["url"] for k in doc["links"]}
    links["join"] = doc["join"]
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "debate", "serve", "1", "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={**os.environ, "DEBATE_DB": run.address},
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + BOUND_S
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(f"{base}/screen", timeout=2).close()
                break
            except OSError:
                time.sleep(0.1)
        yield run, base, links
    finally:
        server.send_signal(signal.SIGINT)
        try:
            server.communicate(timeout=BOUND_S)
        finally:
            server.kill()


def _browser(size: tuple[int, int]) -> Any:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    assert CHROMIUM is not None
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in (
        "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--no-first-run", f"--window-size={size[0]},{size[1]}",
    ):  # fmt: skip
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(DRIVER), options=options)
    driver.set_page_load_timeout(BOUND_S)
    return driver


@pytest.fixture
def browsers() -> Iterator[dict[str, Any]]:
    if CHROMIUM is None or DRIVER is None:
        pytest.skip(
            "headless Chromium is not here (Debian: apt-get install chromium chromium-driver)"
        )
    with ExitStack() as stack:
        opened = {}
        for name, size in SIZES.items():
            opened[name] = _browser(size)
            stack.callback(opened[name].quit)
        yield opened


def _shot(browser: Any, name: str) -> None:
    folder = os.environ.get("DEBATE_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        browser.save_screenshot(str(Path(folder) / f"{name}.png"))


def _wait(browser: Any, seconds: float, what: Any) -> Any:
    from selenium.common.exceptions import NoSuchElementException, StaleElementReferenceException
    from selenium.webdriver.support.ui import WebDriverWait

    # A part the stream just replaced is stale: look again.
    ignored = (NoSuchElementException, StaleElementReferenceException)
    return WebDriverWait(browser, seconds, 0.05, ignored).until(what)


def _click(browser: Any, selector: str) -> None:
    """Click what the selector finds, again if the stream replaced it meanwhile."""
    from selenium.webdriver.common.by import By

    def clicked(b: Any) -> bool:
        b.find_element(By.CSS_SELECTOR, selector).click()
        return True

    _wait(browser, 5, clicked)


def _never_ran(browser: Any) -> None:
    """No hostile text ran as script, and none became a link."""
    assert browser.execute_script("return window.pwned === undefined")
    assert browser.execute_script("return document.querySelectorAll('a[href], img').length") == 0


def test_a_seminar_in_three_browsers(
    served: tuple[Runner, str, dict[str, str]], browsers: dict[str, Any]
) -> None:
    from selenium.webdriver.common.by import By

    run, base, links = served
    phone, projector, judge = browsers["phone"], browsers["projector"], browsers["judge"]
    projector.get(f"{base}/screen")
    _wait(projector, 5, lambda b: b.find_elements(By.CSS_SELECTOR, ".tree .strength"))
    first = projector.find_element(By.CSS_SELECTOR, ".tree li li .strength").text

    phone.get(f"{base}/")  # typed in: the page asks for the room's code
    phone.find_element(By.ID, "code").send_keys(links["join"].removeprefix("/?code=").lower())
    phone.find_element(By.CSS_SELECTOR, "form button[type=submit]").click()
    _wait(phone, 5, lambda b: b.find_elements(By.ID, "name"))
    assert phone.current_url == f"{base}{links['join'].lower()}"
    _shot(phone, "join-phone")
    phone.find_element(By.ID, "name").send_keys("zed")
    phone.find_element(By.CSS_SELECTOR, "form button[type=submit]").click()
    _wait(phone, 5, lambda b: b.current_url == f"{base}/phone")
    _wait(phone, 5, lambda b: "You are zed" in b.find_element(By.CSS_SELECTOR, ".me").text)
    _click(phone, 'form.poll button[value="against"]')
    _wait(phone, 3, lambda b: b.find_element(By.ID, "said").text == "Recorded: against.")
    _wait(
        projector,
        2,
        lambda b: "Polled: 1 before" in b.find_element(By.CSS_SELECTOR, ".polled").text,
    )
    _click(phone, 'form.votes button[aria-label="accept 2"]')
    started = time.monotonic()

    _wait(
        projector,
        2,
        lambda b: b.find_element(By.CSS_SELECTOR, ".tree li li .strength").text != first,
    )
    assert time.monotonic() - started < 2
    _wait(
        phone,
        2,
        lambda b: (
            b.find_element(By.CSS_SELECTOR, 'button[aria-label="accept 2"]').get_attribute(
                "aria-pressed"
            )
            == "true"
        ),
    )
    _shot(phone, "phone")
    _shot(projector, "projector")

    run("session", "next", "1")  # typed in a terminal
    _wait(phone, 2, lambda b: "cy" in b.find_element(By.CSS_SELECTOR, ".speaker").text)
    _wait(projector, 2, lambda b: "cy" in b.find_element(By.CSS_SELECTOR, ".speaker").text)
    assert "<b>cy</b>" in phone.find_element(By.CSS_SELECTOR, ".speaker").text  # shown as text
    for browser in (phone, projector):
        _never_ran(browser)

    run("session", "end", "1")
    judge.get(f"{base}{links['jo']}")
    judge.find_element(By.CSS_SELECTOR, 'input[name="winner"][value="neg"]').click()
    judge.find_element(By.CSS_SELECTOR, 'input[name="points ana"]').send_keys("28")
    judge.find_element(By.CSS_SELECTOR, 'input[name="points <b>cy</b>"]').send_keys("29")
    judge.find_element(By.ID, "reason").send_keys(f"Clearer weighing {PWN}")
    _shot(judge, "judge")
    judge.find_element(By.CSS_SELECTOR, "form.ballot button[type=submit]").click()
    _wait(judge, 5, lambda b: b.find_elements(By.CSS_SELECTOR, ".mine"))
    mine = judge.find_element(By.CSS_SELECTOR, ".mine").text
    assert "Winner: neg" in mine and "ana: 28" in mine and PWN in mine
    _shot(judge, "judge-ballot")
    _never_ran(judge)
    result = run.json("session", "result", "1")
    assert [(b["judge"], b["winner"]) for b in result["ballots"]] == [("jo", "neg")]

    chair = phone  # the chair's link, on the phone-sized browser
    chair.get(f"{base}{links['tester']}")
    _click(chair, "form.act button")  # show the result
    _wait(projector, 2, lambda b: b.find_elements(By.CSS_SELECTOR, ".result"))
    assert "neg wins" in projector.find_element(By.CSS_SELECTOR, ".result").text
    _shot(chair, "chair-phone")
    _shot(projector, "projector-result")
    # and each page at the other size: the projector's on a phone, the phone's on a wall
    if os.environ.get("DEBATE_SCREENSHOTS"):
        for name, path in (("screen", "/screen"), ("chair", links["tester"]),
                           ("judge", links["jo"])):  # fmt: skip
            for size, (width, height) in (
                ("phone", SIZES["phone"]),
                ("projector", SIZES["projector"]),
            ):
                judge.set_window_size(width, height)
                judge.get(f"{base}{path}")
                _shot(judge, f"{name}-at-{size}-size")
