// Keep keyboard focus in place when an htmx swap replaces the control that had it. Without this,
// focus falls back to the top of the page and keyboard and screen reader users lose their place.
// htmx itself restores focus only to an element with the same id that is still enabled.
// 1. data-focus-return on the request's source lists ids to try, first usable wins (an item moved
//    to the top has no enabled "up" button, so its "down" button gets the focus).
// 2. Otherwise the control's successor is found by its form's action: the same button (name and
//    value) if it is still usable, else the first usable control of the form in the same place
//    (after "hide" the button reads "show").
(function () {
  "use strict";

  // Per request, so a live update polling meanwhile does not disturb it.
  const focusedBefore = new WeakMap();

  function formsWithAction(action) {
    return Array.from(document.forms).filter(function (form) {
      return form.getAttribute("action") === action;
    });
  }

  function usable(element) {
    return element && !element.disabled && element.type !== "hidden";
  }

  document.addEventListener("htmx:beforeRequest", function (event) {
    const elt = event.detail.elt;
    const source = elt.closest("[data-focus-return]");
    const active = document.activeElement;
    const form = active && active.form;
    const before = { ids: source ? source.dataset.focusReturn.split(" ") : [] };
    if (form && (elt === form || elt === active)) {
      const action = form.getAttribute("action");
      const forms = formsWithAction(action);
      before.control = {
        action: action,
        name: active.name,
        value: active.value,
        index: forms.indexOf(form),
        count: forms.length,
      };
    }
    focusedBefore.set(event.detail.xhr, before);
  });

  function successor(control) {
    const forms = formsWithAction(control.action);
    const same = forms
      .flatMap(function (form) {
        return Array.from(form.elements);
      })
      .find(function (element) {
        return element.name === control.name && element.value === control.value && usable(element);
      });
    const inPlace = forms.length === control.count ? forms[control.index] : null;
    return same || (inPlace && Array.from(inPlace.elements).find(usable));
  }

  document.addEventListener("htmx:afterSettle", function (event) {
    const before = focusedBefore.get(event.detail.xhr);
    const active = document.activeElement;
    if (!before || (active && active !== document.body && active.isConnected)) {
      return; // htmx kept the focus, or an [autofocus] field (a form error) took it
    }
    const byId = before.ids
      .map(function (id) {
        return document.getElementById(id);
      })
      .find(usable);
    const target = byId || (before.control && successor(before.control));
    if (target) {
      target.focus();
    }
  });
})();
