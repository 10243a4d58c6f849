// Keep keyboard focus in place when an htmx swap replaces the control that had it (a vote,
// hide or assign button, a submitted form). Without this, focus falls back to the top of the page
// and keyboard and screen reader users lose their place. The control's successor is found by its
// form's action: the same button (name and value) if it is still usable, else the first usable
// control of the form in the same place (after "hide" the button reads "show").
// Pages with their own rule (data-focus-return, the agenda builder) keep it.
(function () {
  "use strict";

  // Per request, so a live update polling meanwhile does not disturb it.
  const focusedBefore = new WeakMap();

  document.addEventListener("htmx:beforeRequest", function (event) {
    const active = document.activeElement;
    const form = active && active.form;
    const elt = event.detail.elt;
    if (form && (elt === form || elt === active) && !elt.closest("[data-focus-return]")) {
      const action = form.getAttribute("action");
      const forms = formsWithAction(action);
      focusedBefore.set(event.detail.xhr, {
        action: action,
        name: active.name,
        value: active.value,
        index: forms.indexOf(form),
        count: forms.length,
      });
    }
  });

  function formsWithAction(action) {
    return Array.from(document.forms).filter(function (form) {
      return form.getAttribute("action") === action;
    });
  }

  function usable(element) {
    return element && !element.disabled && element.type !== "hidden";
  }

  document.addEventListener("htmx:afterSettle", function (event) {
    const previous = focusedBefore.get(event.detail.xhr);
    const active = document.activeElement;
    if (!previous || (active && active !== document.body && active.isConnected)) {
      return; // htmx kept the focus, or an [autofocus] field (a form error) took it
    }
    const forms = formsWithAction(previous.action);
    const same = forms
      .flatMap(function (form) {
        return Array.from(form.elements);
      })
      .find(function (element) {
        return element.name === previous.name && element.value === previous.value && usable(element);
      });
    const inPlace = forms.length === previous.count ? forms[previous.index] : null;
    const target = same || (inPlace && Array.from(inPlace.elements).find(usable));
    if (target) {
      target.focus();
    }
  });
})();
