// Small behaviours of the page shell: Bootstrap classes on form fields, language switch, CPV autocomplete.
document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll("main input:not([type=hidden]):not([type=checkbox]), main textarea").forEach((el) => {
    el.classList.add("form-control");
  });
  document.querySelectorAll("main select").forEach((el) => el.classList.add("form-select"));
  document.querySelectorAll("[data-autosubmit]").forEach((el) => {
    el.addEventListener("change", () => el.form.submit());
  });
  document.querySelectorAll("[data-cpv-autocomplete]").forEach(setUpCpvAutocomplete);
});

// Suggest CPV codes for the word or code being typed after the last comma; a click appends it.
function setUpCpvAutocomplete(input) {
  const list = document.createElement("div");
  list.className = "list-group cpv-suggestions mt-1";
  list.setAttribute("role", "listbox");
  // The listbox is named by the field's own label, and hidden while it has no suggestions.
  const label = input.id && document.querySelector(`label[for="${input.id}"]`);
  list.setAttribute("aria-label", label ? label.textContent.replace("*", "").trim() : input.name);
  list.hidden = true;
  input.insertAdjacentElement("afterend", list);
  const show = (html) => { list.innerHTML = html; list.hidden = !list.querySelector("[data-code]"); };
  let timer;
  input.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(async () => {
      const term = input.value.split(",").pop().trim();
      if (term.length < 2) { show(""); return; }
      const response = await fetch(`/cpv/suggest/?q=${encodeURIComponent(term)}`, { headers: { "HX-Request": "true" } });
      show(response.ok ? await response.text() : "");
    }, 200);
  });
  list.addEventListener("click", (event) => {
    const option = event.target.closest("[data-code]");
    if (!option) return;
    event.preventDefault();
    const parts = input.value.split(",").map((p) => p.trim()).filter(Boolean);
    parts.pop();
    parts.push(option.dataset.code);
    input.value = parts.join(", ") + ", ";
    show("");
    input.focus();
  });
}
