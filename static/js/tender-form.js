// The tender form (templates/marketplace/tender_form.html), "Add a lot": copy the empty lot row, number it, and count it in the formset's management form.
document.getElementById("add-lot").addEventListener("click", () => {
  const total = document.getElementById("id_lots-TOTAL_FORMS");
  const index = Number(total.value);
  const html = document.getElementById("lot-template").innerHTML.replaceAll("__prefix__", index).replace("__number__", index + 1);
  document.getElementById("lot-list").insertAdjacentHTML("beforeend", html);
  total.value = index + 1;
  const row = document.getElementById("lot-list").lastElementChild;
  row.querySelectorAll("input:not([type=checkbox]), textarea").forEach((el) => el.classList.add("form-control"));
  row.querySelectorAll("[data-cpv-autocomplete]").forEach((el) => window.setUpCpvAutocomplete && window.setUpCpvAutocomplete(el));
});
