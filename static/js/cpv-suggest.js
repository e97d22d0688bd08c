// CPV suggestions from the text being typed (organizations/_cpv_suggestions.html): a box under the CPV field of the
// listing form and of every lot row of the tender form, filled by htmx 400 ms after the title or description changes.
(function () {
  const url = document.currentScript.dataset.url;

  function sources(input) {
    const row = input.closest(".lot-row");
    const scope = row || input.form;
    if (!scope) return null;
    return {
      title: scope.querySelector("input[name$='title']"),
      text: scope.querySelector("textarea[name$='description']"),
    };
  }

  function attach(input) {
    if (input.dataset.cpvSuggestReady) return;
    const src = sources(input);
    if (!src || !src.title) return;
    input.dataset.cpvSuggestReady = "true";
    const box = document.createElement("div");
    box.className = "cpv-text-suggestions mt-1";
    box.setAttribute("aria-live", "polite");
    box.setAttribute("hx-get", url);
    box.setAttribute("hx-trigger", [src.title, src.text].filter(Boolean)
      .map((el) => `input changed delay:400ms from:#${el.id}`).join(", "));
    box.addEventListener("htmx:configRequest", (event) => {
      event.detail.parameters.title = src.title.value;
      event.detail.parameters.text = src.text ? src.text.value : "";
    });
    box.addEventListener("click", (event) => {
      const option = event.target.closest("[data-code]");
      if (!option) return;
      const code = option.dataset.code;
      if (input.name.endsWith("cpv_codes")) {
        const parts = input.value.split(",").map((p) => p.trim()).filter(Boolean);
        if (!parts.includes(code)) parts.push(code);
        input.value = parts.join(", ");
      } else {
        input.value = code;
      }
      box.querySelectorAll("[role=option]").forEach((el) => el.setAttribute("aria-selected", String(el === option)));
      input.dispatchEvent(new Event("change", { bubbles: true }));
    });
    // After the autocomplete's own list, so the two boxes do not interleave.
    const anchor = input.nextElementSibling && input.nextElementSibling.classList.contains("cpv-suggestions")
      ? input.nextElementSibling : input;
    anchor.insertAdjacentElement("afterend", box);
    if (window.htmx) window.htmx.process(box);
  }

  function attachAll(root) {
    root.querySelectorAll("[data-cpv-autocomplete]").forEach(attach);
  }

  document.addEventListener("DOMContentLoaded", () => {
    attachAll(document);
    const lots = document.getElementById("lot-list");
    if (lots) new MutationObserver(() => attachAll(lots)).observe(lots, { childList: true });
  });
})();
