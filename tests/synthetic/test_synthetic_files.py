"""The delivery's files: the contract's headers, same seed same bytes, counts that scale."""

from __future__ import annotations

import re
from pathlib import Path

from click.testing import CliRunner

from scenarios import generate_scenario
from scenarios.cli import generate_command, main
from scenarios.delivery import COLUMNS
from synthetic.delivery import CONTRACT, KINDS, read_scenario

FILES = [f"{kind}.csv" for kind in KINDS] + ["truth.json"]


def contract_columns() -> dict[str, list[str]]:
    """Column names of each file's table in the contract (shared/formats/README.md)."""
    columns: dict[str, list[str]] = {}
    current = None
    for line in CONTRACT.read_text(encoding="utf-8").splitlines():
        heading = re.match(r"## (\w+)\.csv", line)
        if heading:
            current = heading.group(1)
            columns[current] = []
            continue
        cell = re.match(r"\| ([a-z0-9_, ]+) \|", line)
        if current and cell and cell.group(1) != "column":
            columns[current] += [name.strip() for name in cell.group(1).split(",")]
    return columns


def test_every_file_has_exactly_the_contract_header(scenario):
    expected = contract_columns()
    assert set(expected) == set(KINDS)
    for kind in KINDS:
        assert list(COLUMNS[kind]) == expected[kind], kind
        assert scenario.headers[kind] == expected[kind], kind
        for row in scenario.rows[kind]:
            assert len(row) == len(expected[kind]), (kind, row)


def test_files_are_utf8_without_bom(scenario):
    for name in FILES:
        raw = (scenario.folder / name).read_bytes()
        assert not raw.startswith(b"\xef\xbb\xbf")
        raw.decode("utf-8")


def test_same_seed_gives_the_same_bytes_and_another_seed_does_not(tmp_path: Path):
    generate_scenario(150, 5, tmp_path / "a")
    generate_scenario(150, 5, tmp_path / "b")
    generate_scenario(150, 6, tmp_path / "c")
    for name in FILES:
        first = (tmp_path / "a" / name).read_bytes()
        assert first == (tmp_path / "b" / name).read_bytes(), name
        assert first != (tmp_path / "c" / name).read_bytes(), name


def test_row_counts_scale_with_the_number_of_persons(tmp_path: Path):
    small = read_scenario(_generate(tmp_path / "small", 150))
    large = read_scenario(_generate(tmp_path / "large", 600))
    for scenario, persons in ((small, 150), (large, 600)):
        assert scenario.truth["persons"] == persons
        assert len(scenario.truth["reports_of"]) == persons
        assert len(scenario.rows["reports"]) >= persons
    for kind in KINDS:
        ratio = len(large.rows[kind]) / len(small.rows[kind])
        assert 2.5 < ratio < 6.0, (kind, ratio)


def _generate(folder: Path, persons: int) -> Path:
    generate_scenario(persons, 3, folder)
    return folder


def test_command_writes_a_delivery_and_says_what_it_wrote(tmp_path: Path):
    result = CliRunner().invoke(generate_command, ["--persons", "20", "--seed", "2", "--out", str(tmp_path / "d")])
    assert result.exit_code == 0, result.output
    assert "Wrote 20 missing persons (seed 2)" in result.output
    assert "reports.csv" in result.output
    for name in FILES:
        assert (tmp_path / "d" / name).is_file()
    assert "tracegraph generate --persons" in (generate_command.help or "")


def test_command_refuses_zero_persons_with_one_sentence(tmp_path: Path):
    result = CliRunner().invoke(generate_command, ["--persons", "0", "--out", str(tmp_path)])
    assert result.exit_code == 2
    assert "--persons" in result.output
    assert "Traceback" not in result.output


def test_main_runs_the_command_and_returns_its_status(tmp_path: Path):
    assert main(["--persons", "5", "--seed", "1", "--out", str(tmp_path / "m")]) == 0
    assert (tmp_path / "m" / "truth.json").is_file()
    assert main(["--persons", "-3", "--out", str(tmp_path / "n")]) == 2
