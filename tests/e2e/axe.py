"""axe-core (vendored in static/vendor/axe-core) inside the browser journeys: every page a journey opens is
checked, and a critical or serious violation fails the journey.

Each page gets axe and a small runner as init scripts (they are not subject to the page's Content-Security-
Policy, which the journeys keep enforcing so that a violation fails them). The runner checks
the page once it has loaded and reports through an exposed function. Navigations by `page.goto` and the
journey's last page are awaited, so their checks always complete; a page the journey leaves by a click before
its check finishes is checked on a best-effort basis only (see `AxeRecorder.unfinished`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Locator, Page

AXE = Path(__file__).resolve().parents[2] / "static" / "vendor" / "axe-core" / "axe.min.js"
FAILING_IMPACTS = {"critical", "serious"}
RUNNER = """
(() => {
  if (window !== window.top) return;
  window.__alxAxeDone = new Promise((resolve) => {
    window.addEventListener("load", () => {
      axe.run(document, {resultTypes: ["violations"]}).then((results) => {
        const failing = results.violations
          .filter((v) => ["critical", "serious"].includes(v.impact))
          .map((v) => ({id: v.id, impact: v.impact, help: v.help,
                        targets: v.nodes.slice(0, 5).map((n) => n.target.join(" "))}));
        return window.__alxAxeReport(location.pathname + location.search, failing);
      }).catch((error) => window.__alxAxeReport(location.pathname, [{id: "axe-error", impact: "serious",
                                                                      help: String(error), targets: []}]))
        .finally(resolve);
    });
  });
})();
"""


@dataclass
class AxeRecorder:
    checked: list[str] = field(default_factory=list)
    violations: dict[str, list[dict]] = field(default_factory=dict)

    def report(self, _source, path: str, failing: list[dict]) -> None:
        self.checked.append(path)
        if failing:
            self.violations.setdefault(path, []).extend(failing)

    def wait(self, page: Page) -> None:
        """Let the current page's check finish (it starts on the load event)."""
        for _attempt in range(3):
            page.wait_for_load_state("load")
            try:
                page.evaluate("() => window.__alxAxeDone")
                return
            except PlaywrightError as error:  # a navigation replaced the document meanwhile: wait for the new one
                if "context was destroyed" not in str(error) and "navigat" not in str(error):
                    raise

    def summary(self) -> str:
        return "\n".join(
            f"{path}: {v['impact']} {v['id']} ({v['help']}) at {', '.join(v['targets'])}"
            for path, found in self.violations.items()
            for v in found
        )


def install(page: Page, monkeypatch) -> AxeRecorder:
    """Check every page `page` shows from now on; `page.goto` and clicks wait for the check of the page they
    open."""
    recorder = AxeRecorder()
    page.expose_binding("__alxAxeReport", recorder.report)
    page.add_init_script(path=str(AXE))
    page.add_init_script(script=RUNNER)
    goto = page.goto

    def goto_and_check(url: str, **kwargs):
        response = goto(url, **kwargs)
        recorder.wait(page)
        return response

    page.goto = goto_and_check
    click = Locator.click

    def click_and_check(locator: Locator, *args, **kwargs):
        result = click(locator, *args, **kwargs)
        if locator.page is page and not page.is_closed():
            recorder.wait(page)
        return result

    monkeypatch.setattr(Locator, "click", click_and_check)
    return recorder
