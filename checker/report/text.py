"""Plain-text rendering of a report for the command line (labels come from messages.toml)."""

from __future__ import annotations

from checker.models import Finding, Report
from checker.rules.load import load_ruleset


def _finding_lines(finding: Finding, labels: dict[str, str]) -> list[str]:
    quotes = "、".join(f"「{e.text}」" for e in finding.evidence)
    strength = load_ruleset().messages["strength_labels"][finding.strength.value]
    return [
        f"  ● {finding.title}（{strength}，{finding.rule_id}）",
        f"    {labels['evidence']}：{quotes}",
        f"    {labels['why']}：{finding.explanation}",
        f"    {labels['advice']}：{finding.advice}",
        f"    {labels['guide']}：{labels['site']}{finding.guide}",
    ]


def render_text(report: Report) -> str:
    """A readable Chinese report, one finding per block, ending with the next steps."""
    labels: dict[str, str] = load_ruleset().messages["cli"]
    lines = [
        f"{labels['verdict']}：{report.verdict_title}",
        report.verdict_summary,
        f"{labels['score']}：{report.score}",
        "",
        f"{labels['findings']}：",
    ]
    for finding in report.findings:
        lines += _finding_lines(finding, labels)
    if not report.findings:
        lines.append(f"  {labels['none']}")
    if report.conduct_findings:
        lines += ["", f"{labels['conduct']}："]
        for finding in report.conduct_findings:
            lines += _finding_lines(finding, labels)
    if report.sender:
        lines += ["", f"{labels['sender']}：{report.sender.number}（{report.sender.label}）", f"  {report.sender.note}"]
    if report.links:
        lines += ["", f"{labels['links']}："]
        lines += [f"  {link.evidence.text} → {link.note}" for link in report.links]
    lines += ["", f"{labels['next_steps']}："]
    lines += [f"  {i}. {step}" for i, step in enumerate(report.next_steps, 1)]
    return "\n".join(lines) + "\n"
