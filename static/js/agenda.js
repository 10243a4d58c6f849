// Agenda builder and team page enhancements that htmx cannot do by itself: drag and drop
// reordering with pointer events (mouse, pen and touch alike). The move up/down buttons remain the
// keyboard and no-JavaScript path; after a drop the full new order is POSTed and the re-rendered
// agenda fragment (new times, new total) is swapped in. Keyboard focus after a swap (the forms'
// data-focus-return) is kept by focus.js, loaded on every page.
(function () {
  "use strict";

  // Drag handles are useless without this script, so the stylesheet shows them only with it.
  document.documentElement.classList.add("agenda-dnd");

  // --- drag and drop -------------------------------------------------------------------------

  let drag = null;

  function itemsOf(list) {
    return Array.from(list.querySelectorAll(":scope > .agenda-item"));
  }

  function orderOf(list) {
    return itemsOf(list).map(function (item) { return item.dataset.itemId; });
  }

  function csrfHeaders() {
    // base.html puts the CSRF token for htmx on <body hx-headers>; reuse it for fetch.
    return JSON.parse(document.body.getAttribute("hx-headers") || "{}");
  }

  function showMessage(text, kind) {
    const region = document.getElementById("messages");
    if (!region) return;
    const message = document.createElement("p");
    message.className = "message message-" + kind;
    message.textContent = text;
    region.replaceChildren(message);
  }

  document.addEventListener("pointerdown", function (event) {
    const handle = event.target.closest(".drag-handle");
    if (!handle || event.button !== 0 || drag) return;
    const item = handle.closest(".agenda-item");
    const list = item && item.parentElement;
    if (!list) return;
    event.preventDefault(); // no text selection, no scrolling while dragging
    drag = { item: item, list: list, pointerId: event.pointerId, before: orderOf(list) };
    item.classList.add("is-dragging");
    list.classList.add("is-sorting");
  });

  document.addEventListener("pointermove", function (event) {
    if (!drag || event.pointerId !== drag.pointerId) return;
    event.preventDefault();
    // The handle does not scroll the page (touch-action: none), so scroll near the window's edges.
    const edge = 48;
    if (event.clientY < edge) window.scrollBy(0, -edge / 2);
    else if (event.clientY > window.innerHeight - edge) window.scrollBy(0, edge / 2);
    // Put the dragged item before the first other item whose middle is below the pointer.
    const next = itemsOf(drag.list).find(function (other) {
      if (other === drag.item) return false;
      const box = other.getBoundingClientRect();
      return event.clientY < box.top + box.height / 2;
    });
    if (next) {
      if (drag.item.nextElementSibling !== next) drag.list.insertBefore(drag.item, next);
    } else if (drag.list.lastElementChild !== drag.item) {
      drag.list.appendChild(drag.item);
    }
  });

  function endDrag() {
    const ended = drag;
    drag = null;
    ended.item.classList.remove("is-dragging");
    ended.list.classList.remove("is-sorting");
    return ended;
  }

  function cancelDrag() {
    if (!drag) return;
    const ended = endDrag();
    const byId = new Map(itemsOf(ended.list).map(function (item) { return [item.dataset.itemId, item]; }));
    ended.before.forEach(function (id) { ended.list.appendChild(byId.get(id)); });
  }

  document.addEventListener("pointerup", function (event) {
    if (!drag || event.pointerId !== drag.pointerId) return;
    const ended = endDrag();
    const order = orderOf(ended.list);
    if (order.join() !== ended.before.join()) {
      saveOrder(ended.list.closest("[data-reorder-url]"), order);
    }
  });

  document.addEventListener("pointercancel", function (event) {
    if (drag && event.pointerId === drag.pointerId) cancelDrag();
  });

  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape") cancelDrag();
  });

  async function saveOrder(section, order) {
    const body = new URLSearchParams();
    order.forEach(function (id) { body.append("ids", id); });
    let response;
    try {
      response = await fetch(section.dataset.reorderUrl, {
        method: "POST",
        headers: Object.assign({ "HX-Request": "true" }, csrfHeaders()),
        body: body,
        credentials: "same-origin",
      });
    } catch (error) {
      response = null;
    }
    const redirect = response && response.headers.get("HX-Redirect");
    if (redirect) {
      window.location.assign(redirect); // the session expired: off to the login page
      return;
    }
    if (response && response.ok) {
      htmx.swap(section, await response.text(), { swapStyle: "outerHTML" });
      return;
    }
    // Refused (someone else changed the agenda meanwhile) or failed: say so, show the saved order.
    const refusal = response && response.status === 400 ? await response.text() : "";
    const problem = refusal || section.dataset.reorderFailed;
    await htmx.ajax("GET", section.dataset.agendaUrl, { target: section, swap: "outerHTML" });
    showMessage(problem, "error");
  }
})();
