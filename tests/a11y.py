"""Accessibility check with axe-core (WCAG 2.1 A and AA rules), the same engine as the browser extensions."""

from pathlib import Path

AXE_JS = Path(__file__).resolve().parent.parent / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

_RUN_AXE = """async ({context, tags}) => {
  const result = await axe.run(context || document, {runOnly: {type: "tag", values: tags}, resultTypes: ["violations"]});
  return result.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
    nodes: v.nodes.map(n => ({target: n.target, summary: n.failureSummary})),
  }));
}"""


def axe_violations(page, *, context=None) -> list[dict]:
    """Run axe on the page as it is now; `context` narrows it (a CSS selector or an axe context object)."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE_JS))
    return page.evaluate(_RUN_AXE, {"context": context, "tags": WCAG_TAGS})


def format_violations(violations: list[dict]) -> str:
    lines = []
    for v in violations:
        lines.append(f"- {v['id']} ({v['impact']}): {v['help']}  <{v['helpUrl']}>")
        for node in v["nodes"]:
            lines.append(f"    at {' '.join(map(str, node['target']))}")
            for detail in (node["summary"] or "").splitlines()[1:3]:
                lines.append(f"       {detail.strip()}")
    return "\n".join(lines)


def assert_accessible(page, *, context=None) -> None:
    """Fail with a readable list (rule, impact, help, selectors) if axe finds any WCAG 2.1 AA violation."""
    violations = axe_violations(page, context=context)
    if violations:
        raise AssertionError(
            f"{len(violations)} accessibility violation(s) on {page.url}:\n{format_violations(violations)}"
        )
