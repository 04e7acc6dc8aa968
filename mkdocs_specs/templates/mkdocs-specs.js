/* mkdocs-specs: filter and sort the portal's tables, and show when a wide table scrolls.
 *
 * The pages are complete without this script: every table is there in full. It only enhances
 * what the templates mark: `[data-specs-find]` (where the filter form goes, with its words),
 * `th[data-specs-sort]` (sortable columns, and which ones the text filter searches), headings'
 * `.specs-heading-count` and `.specs-table` wrappers. Document text is only ever read with
 * `textContent` and written as text: nothing from a page becomes HTML.
 *
 * Material's instant navigation swaps the page without loading scripts again; its `document$`
 * announces every page, the first one included. Other themes load each page whole.
 */
(function () {
  "use strict";

  var collator = new Intl.Collator(undefined, { numeric: true, sensitivity: "base" });
  var DIACRITICS = /[\u0300-\u036f]/g;

  function folded(text) {
    return text.normalize("NFD").replace(DIACRITICS, "").toLowerCase();
  }

  function text(node) {
    return node ? node.textContent.replace(/\s+/g, " ").trim() : "";
  }

  function missing(cell) {
    var only = cell.children.length === 1 ? cell.firstElementChild : null;
    return only !== null && only.classList.contains("specs-muted") && text(cell) === text(only);
  }

  function element(tag, attributes, content) {
    var node = document.createElement(tag);
    Object.keys(attributes || {}).forEach(function (name) {
      node.setAttribute(name, attributes[name]);
    });
    if (content) node.textContent = content;
    return node;
  }

  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (whole, name) {
      return Object.prototype.hasOwnProperty.call(values, name) ? String(values[name]) : whole;
    });
  }

  /* A table the templates marked: its rows with what the filter and the sort read of them. */
  function Table(table, statusRank) {
    var headers = Array.prototype.slice.call(table.tHead.rows[0].cells);
    var wrapper = table.closest(".specs-table");
    var tableStatus = wrapper ? wrapper.getAttribute("data-specs-status") : null;
    this.table = table;
    this.wrapper = wrapper;
    this.statusRank = statusRank; // shared by the page's tables: statuses in page order
    this.headers = headers;
    this.body = table.tBodies[0];
    this.rows = Array.prototype.slice.call(this.body.rows).map(function (tr, index) {
      var cells = tr.cells;
      var row = { tr: tr, index: index, search: "", owners: [], status: tableStatus, shown: true };
      // "and 12 more" links to the document, as its title does: it names no owner.
      var titleLink = cells[0] ? cells[0].querySelector("a") : null;
      var documentHref = titleLink ? titleLink.getAttribute("href") : null;
      headers.forEach(function (th, column) {
        var cell = cells[column];
        if (!cell) return;
        if (th.hasAttribute("data-specs-search")) row.search += " " + folded(text(cell));
        if (th.hasAttribute("data-specs-owners")) {
          row.owners = Array.prototype.slice
            .call(cell.querySelectorAll("a"))
            .filter(function (link) { return link.getAttribute("href") !== documentHref; })
            .map(text);
        }
        if (th.getAttribute("data-specs-sort") === "status") row.status = text(cell);
      });
      if (row.status !== null && !(row.status in statusRank)) {
        statusRank[row.status] = Object.keys(statusRank).length;
      }
      return row;
    });
  }

  Table.prototype.sortKey = function (row, column) {
    var cell = row.tr.cells[column];
    var kind = this.headers[column].getAttribute("data-specs-sort");
    if (!cell || (kind !== "findings" && kind !== "number" && missing(cell))) return null;
    if (kind === "number") return parseFloat(text(cell)) || 0;
    if (kind === "findings") {
      var weight = 0;
      ["error", "warning", "info"].forEach(function (severity) {
        var count = cell.querySelector(".specs-count--" + severity);
        weight = weight * 100000 + (count ? parseInt(text(count), 10) || 0 : 0);
      });
      return weight;
    }
    if (kind === "status") return this.statusRank[text(cell)];
    return text(cell);
  };

  /* Sort by `column`: ascending first, descending on a second click; rows without a value
     last either way, and rows of equal value in the order the page gave them. */
  Table.prototype.sort = function (column) {
    var th = this.headers[column];
    var descending = th.getAttribute("aria-sort") === "ascending";
    var self = this;
    var keyed = this.rows.map(function (row) {
      return { row: row, key: self.sortKey(row, column) };
    });
    keyed.sort(function (a, b) {
      if (a.key === null || b.key === null) {
        return a.key === b.key ? a.row.index - b.row.index : a.key === null ? 1 : -1;
      }
      var order = typeof a.key === "number" ? a.key - b.key : collator.compare(a.key, b.key);
      return (descending ? -order : order) || a.row.index - b.row.index;
    });
    var fragment = document.createDocumentFragment();
    keyed.forEach(function (item) {
      fragment.appendChild(item.row.tr);
    });
    this.body.appendChild(fragment);
    this.headers.forEach(function (header) {
      header.removeAttribute("aria-sort");
    });
    th.setAttribute("aria-sort", descending ? "descending" : "ascending");
  };

  Table.prototype.addSortButtons = function (labels) {
    var self = this;
    this.headers.forEach(function (th, column) {
      if (!th.hasAttribute("data-specs-sort") || th.querySelector("button")) return;
      var button = element("button", { type: "button", class: "specs-sort" });
      while (th.firstChild) button.appendChild(th.firstChild);
      button.setAttribute("title", fill(labels.sort, { column: text(button) }));
      button.appendChild(element("span", { class: "specs-sort__arrow", "aria-hidden": "true" }));
      th.appendChild(button);
      button.addEventListener("click", function () {
        self.sort(column);
      });
    });
    // The page lists rows by their first column.
    if (this.headers[0] && this.headers[0].hasAttribute("data-specs-sort")) {
      this.headers[0].setAttribute("aria-sort", "ascending");
    }
  };

  Table.prototype.filter = function (query, status, owner) {
    var shown = 0;
    this.rows.forEach(function (row) {
      var match =
        (!query || row.search.indexOf(query) !== -1) &&
        (!status || row.status === status) &&
        (!owner || row.owners.indexOf(owner) !== -1);
      if (match !== row.shown) {
        row.shown = match;
        row.tr.hidden = !match;
      }
      if (match) shown += 1;
    });
    if (this.wrapper) this.wrapper.hidden = shown === 0;
    return shown;
  };

  function labelsOf(hook) {
    var defaults = {
      text: "Filter by title, owner or project",
      status: "Status",
      owner: "Owner",
      anyStatus: "All statuses",
      anyOwner: "All owners",
      clear: "Clear",
      shown: "{shown} of {total} shown",
      sort: "Sort by {column}",
    };
    var labels = {};
    Object.keys(defaults).forEach(function (key) {
      var attribute = "data-label-" + key.replace(/[A-Z]/g, "-$&").toLowerCase();
      labels[key] = hook ? hook.getAttribute(attribute) || defaults[key] : defaults[key];
    });
    return labels;
  }

  function select(id, label, anyLabel, values) {
    var field = element("div", { class: "specs-find__field" });
    field.appendChild(element("label", { for: id }, label));
    var control = element("select", { id: id });
    control.appendChild(element("option", { value: "" }, anyLabel));
    values.forEach(function (value) {
      var option = element("option", {}, value);
      option.value = value;
      control.appendChild(option);
    });
    field.appendChild(control);
    return { field: field, control: control };
  }

  /* The count of each heading follows the rows shown in the tables under it, down to the next
     heading of its level or above. */
  function headingCounts(root, tables) {
    var byTable = new Map(tables.map(function (t) { return [t.table, t]; }));
    var open = [];
    var counted = [];
    root.querySelectorAll("h1, h2, h3, h4, h5, h6, table").forEach(function (node) {
      if (node.tagName === "TABLE") {
        var table = byTable.get(node);
        if (table) open.forEach(function (heading) { heading.tables.push(table); });
        return;
      }
      var level = Number(node.tagName.charAt(1));
      open = open.filter(function (heading) { return heading.level < level; });
      var count = node.querySelector(".specs-heading-count");
      if (count) {
        var heading = { level: level, count: count, tables: [] };
        open.push(heading);
        counted.push(heading);
      }
    });
    return counted;
  }

  function setUpFind(hook, tables, labels) {
    var root = hook.parentElement;
    var statusRank = tables.length ? tables[0].statusRank : Object.create(null);
    var owners = [];
    var seen = new Set();
    tables.forEach(function (table) {
      table.rows.forEach(function (row) {
        row.owners.forEach(function (owner) {
          if (!seen.has(owner)) {
            seen.add(owner);
            owners.push(owner);
          }
        });
      });
    });
    owners.sort(collator.compare);
    var total = tables.reduce(function (sum, t) { return sum + t.rows.length; }, 0);
    var prefix = "specs-find-" + (document.querySelectorAll("[data-specs-find-ready]").length + 1);

    var form = element("form", { class: "specs-find__form", role: "search" });
    var textField = element("div", { class: "specs-find__field specs-find__field--text" });
    textField.appendChild(element("label", { for: prefix + "-text" }, labels.text));
    var input = element("input", { id: prefix + "-text", type: "search", autocomplete: "off" });
    textField.appendChild(input);
    form.appendChild(textField);
    var statuses = Object.keys(statusRank);
    var status = statuses.length > 1
      ? select(prefix + "-status", labels.status, labels.anyStatus, statuses)
      : null;
    if (status) form.appendChild(status.field);
    var owner = owners.length > 1
      ? select(prefix + "-owner", labels.owner, labels.anyOwner, owners)
      : null;
    if (owner) form.appendChild(owner.field);
    var clear = element("button", { type: "reset", class: "specs-find__clear" }, labels.clear);
    form.appendChild(clear);
    var summary = element("output", { class: "specs-find__summary", "aria-live": "polite" });
    form.appendChild(summary);
    hook.appendChild(form);
    hook.setAttribute("data-specs-find-ready", "");

    var headings = headingCounts(root, tables);
    var pending = false;
    function apply() {
      pending = false;
      var query = folded(input.value.replace(/\s+/g, " ").trim());
      var wantedStatus = status ? status.control.value : "";
      var wantedOwner = owner ? owner.control.value : "";
      var shownBy = new Map();
      var shown = 0;
      tables.forEach(function (table) {
        var count = table.filter(query, wantedStatus, wantedOwner);
        shownBy.set(table, count);
        shown += count;
      });
      headings.forEach(function (heading) {
        var count = heading.tables.reduce(function (sum, t) { return sum + shownBy.get(t); }, 0);
        heading.count.setAttribute("data-specs-count", String(count));
      });
      var filtered = query || wantedStatus || wantedOwner;
      summary.textContent = filtered ? fill(labels.shown, { shown: shown, total: total }) : "";
    }
    function schedule() {
      if (!pending) {
        pending = true;
        window.requestAnimationFrame(apply);
      }
    }
    input.addEventListener("input", schedule);
    if (status) status.control.addEventListener("change", schedule);
    if (owner) owner.control.addEventListener("change", schedule);
    form.addEventListener("reset", function () {
      window.setTimeout(apply, 0); // after the form has emptied its fields
    });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
    });
  }

  /* A wide table scrolls sideways in its wrapper: a shade on the side that has more. */

  // The wrapper, or what a theme wrapped the table in (Material: `.md-typeset__scrollwrap`,
  // or the table itself before its script runs): the first of them that scrolls.
  function scroller(wrapper) {
    for (var node = wrapper; node; node = node.firstElementChild) {
      var overflow = window.getComputedStyle(node).overflowX;
      if ((overflow === "auto" || overflow === "scroll") &&
          node.scrollWidth > node.clientWidth + 1) {
        return node;
      }
      if (node.tagName === "TABLE") break;
    }
    return null;
  }

  function sides(wrapper) {
    var node = scroller(wrapper);
    var more = [];
    if (node) {
      if (node.scrollLeft > 1) more.push("left");
      if (node.scrollLeft + node.clientWidth < node.scrollWidth - 1) more.push("right");
    }
    return more.join(" ");
  }

  function showSides(wrapper, more) {
    if (more) wrapper.setAttribute("data-specs-more", more);
    else wrapper.removeAttribute("data-specs-more");
  }

  // Measured when the browser has laid the page out anyway (a resize observer reports every
  // element once it is first laid out), all before any is marked: measuring each wrapper as
  // the script met it laid out a page of 10,000 rows once per table, seconds in all.
  var resized = window.ResizeObserver
    ? new ResizeObserver(function (entries) {
        var wrappers = entries.map(function (entry) { return entry.target; });
        var measured = wrappers.map(sides);
        wrappers.forEach(function (wrapper, index) { showSides(wrapper, measured[index]); });
      })
    : null;

  function watchScroll(wrapper) {
    wrapper.addEventListener("scroll", function () {
      showSides(wrapper, sides(wrapper));
    }, { capture: true, passive: true });
    if (resized) resized.observe(wrapper);
    else window.requestAnimationFrame(function () { showSides(wrapper, sides(wrapper)); });
  }

  function enhance() {
    var tables = [];
    var statusRank = Object.create(null); // statuses are document text: "constructor" too
    document.querySelectorAll("table").forEach(function (node) {
      if (node.hasAttribute("data-specs-ready") || !node.tHead || !node.tBodies.length) return;
      if (!node.tHead.querySelector("th[data-specs-sort]")) return;
      node.setAttribute("data-specs-ready", "");
      tables.push(new Table(node, statusRank));
    });
    var labels = labelsOf(document.querySelector("[data-specs-find]"));
    tables.forEach(function (table) {
      table.addSortButtons(labels);
    });
    document.querySelectorAll("[data-specs-find]:not([data-specs-find-ready])").forEach(
      function (hook) {
        var mine = tables.filter(function (t) { return hook.parentElement.contains(t.table); });
        setUpFind(hook, mine, labelsOf(hook));
      }
    );
    document.querySelectorAll(".specs-table").forEach(function (wrapper) {
      if (wrapper.hasAttribute("data-specs-watched")) return;
      wrapper.setAttribute("data-specs-watched", "");
      watchScroll(wrapper);
    });
  }

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(enhance);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", enhance);
  } else {
    enhance();
  }
})();
