"use strict";
// Admin autocomplete fields, once select2 has drawn them, keep the name of their field: the
// combobox, the box showing the choice and the search boxes are labelled by the field's label.
// Runs after Django's autocomplete.js, which draws them on page load and for each new inline.
{
  const $ = django.jQuery;

  function labelOf(select) {
    const label = select.id && document.querySelector(`label[for="${CSS.escape(select.id)}"]`);
    if (!label) {
      return null;
    }
    if (!label.id) {
      label.id = `${select.id}-label`;
    }
    return label;
  }

  function name(select) {
    const label = labelOf(select);
    const container = select.nextElementSibling;
    if (!label || !container || !container.classList.contains("select2")) {
      return;
    }
    const rendered = container.querySelector(".select2-selection__rendered");
    const combobox = container.querySelector(".select2-selection");
    if (combobox) {
      const ids = [label.id];
      if (rendered && rendered.id && combobox.classList.contains("select2-selection--single")) {
        ids.push(rendered.id);
        rendered.setAttribute("aria-labelledby", label.id);
      }
      combobox.setAttribute("aria-labelledby", ids.join(" "));
    }
    for (const search of container.querySelectorAll(".select2-search__field")) {
      search.setAttribute("aria-labelledby", label.id);
    }
  }

  function nameAll(root) {
    for (const select of root.querySelectorAll("select.admin-autocomplete")) {
      if (!select.name.includes("__prefix__")) {
        name(select);
      }
    }
  }

  $(() => nameAll(document));
  document.addEventListener("formset:added", (event) => nameAll(event.target));

  // When the list of choices opens, the combobox names the list it controls (select2 gives
  // only aria-owns) and the search box drawn in the dropdown for a single choice is named.
  $(document).on("select2:open", "select.admin-autocomplete", (event) => {
    const label = labelOf(event.target);
    const dropdown = document.querySelector(".select2-dropdown");
    const results = dropdown && dropdown.querySelector(".select2-results__options");
    const combobox = event.target.nextElementSibling?.querySelector(".select2-selection");
    if (combobox && results && results.id) {
      combobox.setAttribute("aria-controls", results.id);
    }
    const search = dropdown && dropdown.querySelector(".select2-search__field");
    if (label && search) {
      search.setAttribute("aria-labelledby", label.id);
    }
  });
  $(document).on("select2:close", "select.admin-autocomplete", (event) => {
    event.target.nextElementSibling?.querySelector(".select2-selection")?.removeAttribute(
      "aria-controls",
    );
  });
}
