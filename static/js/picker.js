// Search-as-you-type pickers (organizations/pickers.py): htmx fetches the options; a click, Enter or Space on
// one puts its id in the hidden field and its name in the search box. Typing again clears the chosen id, so a
// name typed but not picked is never sent as someone else's id.
document.addEventListener("click", (event) => {
  const option = event.target.closest("[data-picker-option]");
  if (!option) return;
  const picker = option.closest("[data-picker]");
  picker.querySelector("[data-picker-value]").value = option.dataset.value;
  const search = picker.querySelector("[data-picker-search]");
  search.value = option.dataset.label;
  option.parentElement.innerHTML = "";
  search.focus();
});
document.addEventListener("input", (event) => {
  const search = event.target.closest("[data-picker-search]");
  if (search) search.closest("[data-picker]").querySelector("[data-picker-value]").value = "";
});
document.addEventListener("keydown", (event) => {
  const search = event.target.closest("[data-picker-search]");
  if (search && event.key === "ArrowDown") {
    const first = search.closest("[data-picker]").querySelector("[data-picker-option]");
    if (first) { event.preventDefault(); first.focus(); }
  }
});
