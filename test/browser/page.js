// Page-side helpers of the real-browser chart test (test/browser/charts.browser.ts). Loaded into
// Chromium after vega, vega-lite and vega-embed; plain browser JavaScript (the TypeScript project
// has no DOM types). Everything the Node side reads goes through `window.spyts`.
"use strict";
(function () {
  /** Every mark of the scenegraph with its path of enclosing groups. */
  function walk(node, offset, out) {
    if (!node) return;
    for (const item of node.items || []) {
      const x = offset[0] + (item.x || 0), y = offset[1] + (item.y || 0);
      if (node.marktype === "group") {
        for (const child of item.items || []) {
          out.push({ mark: child, origin: [x, y] });
          walk(child, [x, y], out);
        }
      }
    }
  }

  function allMarks(view) {
    const root = view.scenegraph().root;
    const out = [{ mark: root, origin: [0, 0] }];
    walk(root, [0, 0], out);
    return out;
  }

  /**
   * Where the view's coordinate origin is on the page: the canvas' corner plus the view's origin and
   * padding (the translation vega's renderer and event handler use).
   */
  function pageOrigin(view) {
    const box = document.querySelector("#chart canvas").getBoundingClientRect();
    const o = view.origin(), pad = view.padding();
    return [box.left + o[0] + (pad.left || 0), box.top + o[1] + (pad.top || 0)];
  }

  window.spyts = {
    result: null,

    /**
     * Embed a vega-lite spec as JupyterLab's vega5 renderer does (vega-embed with actions and
     * default style; its default renderer, canvas, and its default tooltip handler, vega-tooltip).
     */
    async embed(spec, extra) {
      const el = document.createElement("div");
      el.id = "chart";
      document.body.appendChild(el);
      const result = await vegaEmbed(el, spec, { actions: true, defaultStyle: true, mode: "vega-lite", ...(extra || {}) });
      await result.view.runAsync();
      window.spyts.result = result;
      return { renderer: result.view.renderer(), width: result.view.width(), height: result.view.height() };
    },

    /** Per mark name: its type, how many marks have that name (one per facet or group) and their items in all. */
    marks() {
      const out = {};
      for (const { mark } of allMarks(window.spyts.result.view)) {
        if (!mark.name || mark.marktype === undefined) continue;
        const o = out[mark.name] || (out[mark.name] = { type: mark.marktype, marks: 0, items: 0 });
        o.marks += 1;
        o.items += (mark.items || []).length;
      }
      return out;
    },

    /** Rows of every dataset of the compiled vega spec, by name. */
    dataRows() {
      const view = window.spyts.result.view;
      const out = {};
      for (const d of window.spyts.result.vgSpec.data || []) out[d.name] = view.data(d.name).length;
      return out;
    },

    /**
     * Page coordinates of the first item of the mark `markName` whose datum satisfies all of
     * `match` (field -> value, numbers within 1e-9 relative), or null.
     */
    itemPoint(markName, match) {
      const view = window.spyts.result.view;
      const entry = allMarks(view).find((m) => m.mark.name === markName);
      if (!entry) return null;
      const same = (a, b) => (typeof b === "number" ? Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(b)) : a === b);
      const item = entry.mark.items.find((it) => Object.entries(match).every(([k, v]) => same(it.datum[k], v)));
      if (!item) return null;
      // vega's own item -> page mapping (the one vega-tooltip places its box with)
      const r = view._handler.getItemBoundingClientRect(item);
      return { x: r.x + r.width / 2, y: r.y + r.height / 2, datum: JSON.parse(JSON.stringify(item.datum)) };
    },

    /** Page coordinates of the centre of the plot area of the group mark `groupName` ("root": the single view's). */
    groupCentre(groupName) {
      const view = window.spyts.result.view;
      const [ox, oy] = pageOrigin(view);
      if (groupName === "root") return { x: ox + view.width() / 2, y: oy + view.height() / 2 };
      const entry = allMarks(view).find((m) => m.mark.name === groupName);
      if (!entry) return null;
      const g = entry.mark.items[0];
      return { x: ox + entry.origin[0] + g.x + g.width / 2, y: oy + entry.origin[1] + g.y + g.height / 2 };
    },

    /**
     * The data values under page point (px, py) on the scales `scaleNames` (x-like scales invert
     * the horizontal position, names ending in "y" the vertical one), in the coordinates of the
     * innermost panel that holds the point (the panels of a concat have their own offsets).
     */
    invert(scaleNames, px, py) {
      const view = window.spyts.result.view;
      const [ox, oy] = pageOrigin(view);
      const lx = px - ox, ly = py - oy;
      let at = [0, 0];
      for (const { mark, origin } of allMarks(view)) {
        if (mark.marktype !== "group" || mark === view.scenegraph().root) continue;
        for (const g of mark.items || []) {
          const gx = origin[0] + (g.x || 0), gy = origin[1] + (g.y || 0);
          if (g.width > 0 && g.height > 0 && lx >= gx && lx <= gx + g.width && ly >= gy && ly <= gy + g.height) at = [gx, gy];
        }
      }
      return scaleNames.map((name) => {
        const s = view.scale(name);
        return /y$/.test(name) ? s.invert(ly - at[1]) : s.invert(lx - at[0]);
      });
    },

    /** The rows the mark `markName` is drawn from (the dataset named in the compiled vega spec). */
    markData(markName) {
      const find = (marks) => {
        for (const m of marks || []) {
          if (m.name === markName) return m.from && m.from.data;
          const inner = find(m.marks);
          if (inner) return inner;
        }
        return null;
      };
      const name = find(window.spyts.result.vgSpec.marks);
      if (!name) return null;
      return window.spyts.result.view.data(name).map((r) => JSON.parse(JSON.stringify(r)));
    },

    /** The pictures the image mark `markName` drew: their decoded (natural) sizes, once loaded. */
    async images(markName) {
      const entry = allMarks(window.spyts.result.view).find((m) => m.mark.name === markName);
      if (!entry) return null;
      const out = [];
      for (const item of entry.mark.items) {
        const img = item.image;
        if (img && img.decode) await img.decode();
        out.push(img ? { width: img.naturalWidth || img.width, height: img.naturalHeight || img.height } : null);
      }
      return out;
    },

    /** The current domain of a scale (numbers). */
    domain(scaleName) {
      return Array.from(window.spyts.result.view.scale(scaleName).domain(), Number);
    },

    /** The visible vega-tooltip box's text, or null when none shows. */
    tooltip() {
      const el = document.querySelector("#vg-tooltip-element");
      if (!el || !el.classList.contains("visible")) return null;
      return { text: el.innerText, rows: Array.from(el.querySelectorAll("tr")).map((tr) => Array.from(tr.children).map((c) => c.innerText)) };
    },

    /** Size of the chart's canvas in CSS pixels, and how many of its pixels are not background. */
    canvasInfo() {
      const canvas = document.querySelector("#chart canvas");
      if (!canvas) return null;
      const ctx = canvas.getContext("2d");
      const px = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
      let ink = 0;
      for (let i = 0; i < px.length; i += 4) if (px[i + 3] > 0 && (px[i] < 250 || px[i + 1] < 250 || px[i + 2] < 250)) ink++;
      const box = canvas.getBoundingClientRect();
      return { cssWidth: box.width, cssHeight: box.height, pixelWidth: canvas.width, pixelHeight: canvas.height, ink };
    },

    /** Decode a base64 PNG with the browser's decoder: its size and how many pixels are not white. */
    async decodePng(base64) {
      const img = new Image();
      img.src = "data:image/png;base64," + base64;
      await img.decode();
      const c = document.createElement("canvas");
      c.width = img.naturalWidth;
      c.height = img.naturalHeight;
      const ctx = c.getContext("2d");
      ctx.drawImage(img, 0, 0);
      const px = ctx.getImageData(0, 0, c.width, c.height).data;
      let ink = 0;
      for (let i = 0; i < px.length; i += 4) if (px[i + 3] > 0 && (px[i] < 250 || px[i + 1] < 250 || px[i + 2] < 250)) ink++;
      return { width: img.naturalWidth, height: img.naturalHeight, ink };
    },
  };
})();
