"""The README's commands: CI runs the first two verbatim, and every other shell
block, the README's and then the guides' in `docs/` (in the site's navigation
order, from mkdocs.yml), runs as written, in order, in a fresh folder and store."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from debate.cli import cli

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")
SHELL_BLOCK = re.compile(r"^```sh\n(.*?)^```", flags=re.S | re.M)
BLOCKS = SHELL_BLOCK.findall(README)
# The guides, in the order mkdocs.yml lists them: each goes on from the one before.
GUIDES = re.findall(r"^  - [^:]+: (\S+\.md)$", (ROOT / "mkdocs.yml").read_text(), flags=re.M)
GUIDE_BLOCKS = [
    block
    for page in GUIDES
    for block in SHELL_BLOCK.findall((ROOT / "docs" / page).read_text(encoding="utf-8"))
]
EXPECTED = re.compile(r"#\s*exits (\d+)")


def test_ci_runs_the_readme_commands_verbatim() -> None:
    demo, tests = BLOCKS[0].splitlines()[:2]
    assert demo.endswith("debate demo") and tests.endswith("pytest")
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert f"  {demo}" in ci
    assert tests in ci


def commands(block: str) -> list[tuple[str, int]]:
    """Each command of a block with the exit code it should give (a heredoc is
    part of its command; `# exits N` marks an expected failure)."""
    out: list[tuple[str, int]] = []
    lines = block.splitlines()
    i = 0
    while i < len(lines):
        line = lines[i]
        i += 1
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        command = line
        heredoc = re.search(r"<<'?(\w+)'?", line)
        if heredoc:
            end = heredoc.group(1)
            while lines[i] != end:
                command += "\n" + lines[i]
                i += 1
            command += "\n" + lines[i]
            i += 1
        expected = EXPECTED.search(line)
        out.append((command, int(expected.group(1)) if expected else 0))
    return out


def test_every_shell_block_of_the_readme_runs(tmp_path: Path) -> None:
    debate = shutil.which("debate", path=str(Path(sys.executable).parent))
    if debate is None:
        pytest.skip("the debate command is not installed beside this Python")
    env = {
        **os.environ,
        "PATH": f"{Path(debate).parent}{os.pathsep}{os.environ.get('PATH', '')}",
        "DEBATE_DB": str(tmp_path / "readme.db"),
        "DEBATE_USER": "you",
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "NO_COLOR": "1",
    }
    ran = 0
    for block in BLOCKS[1:] + GUIDE_BLOCKS:
        for command, expected in commands(block):
            result = subprocess.run(
                ["bash", "-c", command],
                cwd=tmp_path,
                env=env,
                capture_output=True,
                text=True,
                timeout=120,
            )
            assert result.returncode == expected, (command, result.stdout[-500:], result.stderr)
            if expected:
                assert result.stderr.strip().splitlines()[-1].startswith("Error: "), command
            ran += 1
    assert ran >= 40


def test_the_guides_are_all_in_the_site_and_have_commands() -> None:
    pages = sorted(p.name for p in (ROOT / "docs").glob("*.md"))
    assert sorted(GUIDES) == pages
    assert len(GUIDE_BLOCKS) >= 8


def test_the_readme_stays_short() -> None:
    assert len(README.encode("utf-8")) < 12_000


def test_the_changelog_names_the_version_debate_prints() -> None:
    changelog = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    released = re.findall(r"^## \[(\d+\.\d+\.\d+)\]", changelog, flags=re.M)
    assert "## [Unreleased]" in changelog
    result = CliRunner().invoke(cli, ["--version"])
    assert (result.exit_code, result.output) == (0, f"debate, version {released[0]}\n")
