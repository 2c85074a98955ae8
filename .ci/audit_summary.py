"""Read pip-audit's JSON report and say what was checked, what could not be, and what was found.

Usage: audit_summary.py REPORT.json STDERR.txt NOT_ON_PYPI.txt — exit 1 only for known
vulnerabilities; an audit that could not check a package says so, with pip-audit's reason, and
one that checked nothing never reads as a clean result.
"""

import json
import sys
from collections import Counter
from pathlib import Path

NOT_FOUND = "Dependency not found on PyPI and could not be audited"


def summarise(report: dict | None, stderr: str, not_on_pypi: list[str]) -> tuple[list[str], int]:
    """(lines to print, exit status)."""
    if report is None:
        tail = [line for line in stderr.strip().splitlines() if line.strip()][-3:]
        reason = " / ".join(tail) or "pip-audit wrote no report"
        return [f"dependency audit NOT RUN: {reason}. Nothing was checked."], 0
    dependencies = report.get("dependencies", [])
    skipped = [d for d in dependencies if d.get("skip_reason")]
    checked = [d for d in dependencies if not d.get("skip_reason")]
    vulnerable = [d for d in checked if d.get("vulns")]
    total = len(dependencies) + len(not_on_pypi)
    lines = [
        f"dependency audit: {len(checked)} of {total} installed packages checked against PyPI's vulnerability data"
    ]
    reasons = Counter(_reason_kind(d["skip_reason"]) for d in skipped)
    for reason, count in reasons.most_common():
        example = next(d for d in skipped if _reason_kind(d["skip_reason"]) == reason)
        lines.append(f"  not checked: {count} — {reason} (e.g. {example['name']}: {example['skip_reason']})")
    if not_on_pypi:
        lines.append(
            f"  not checked: {len(not_on_pypi)} — installed from a file or a repository: {', '.join(not_on_pypi)}"
        )
    if not checked:
        why = "see the reasons above"
        if dependencies and set(reasons) == {NOT_FOUND}:
            why = (
                "PyPI answered 404 for every release's JSON (https://pypi.org/pypi/NAME/VERSION/json), which "
                "carries the vulnerability data pip-audit reads, and OSV's service is out of this network's reach"
            )
        lines.append(f"dependency audit CHECKED NOTHING: {why}. This is no clean result.")
        return lines, 0
    for dependency in vulnerable:
        for vuln in dependency["vulns"]:
            fixes = ", ".join(vuln.get("fix_versions") or []) or "no fixed version yet"
            lines.append(f"  VULNERABLE {dependency['name']} {dependency['version']}: {vuln['id']} (fixed in {fixes})")
    if vulnerable:
        return lines, 1
    clean = f"no known vulnerabilities in the {len(checked)} packages checked"
    lines.append(clean + (f"; {total - len(checked)} could not be checked (above)" if total > len(checked) else ""))
    return lines, 0


def _reason_kind(reason: str) -> str:
    return reason.split(":")[0].strip()


def main(report_path: str, stderr_path: str, not_on_pypi_path: str) -> int:
    try:
        report = json.loads(Path(report_path).read_text())
    except (OSError, ValueError):
        report = None
    stderr = Path(stderr_path).read_text() if Path(stderr_path).exists() else ""
    not_on_pypi = (
        [
            line.split(" @ ")[0].split("==")[0].strip()
            for line in Path(not_on_pypi_path).read_text().splitlines()
            if line.strip()
        ]
        if Path(not_on_pypi_path).exists()
        else []
    )
    lines, status = summarise(report, stderr, not_on_pypi)
    print("\n".join(lines))
    return status


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:4]))
