// dashboard/charts.ts - the dashboard's charts in SVG, built element by
// element (dom.ts's svg(), createElementNS): horizontal bars, a calendar
// heat map and a line over sessions. Sizes are attributes and colours are classes in style.css (the
// page's policy allows no inline style). Each chart is an image with a
// title and a description for screen readers, every number is drawn as
// text too, and a table under it holds the same numbers.
import { h, svg, uid, type Child } from "../dom";

/** One row of a bar chart: a label and one value per series (0..1, or null for none). */
export interface BarRow {
  label: string;
  values: (number | null)[];
  /** What the row says in words, for its tooltip and the table: "2 of 3 solved". */
  detail: string;
}

export interface BarSeries {
  name: string;
  cls: string;            // the bar's class in style.css
}

const LABEL_W = 150, BAR_W = 300, VALUE_W = 48, BAR_H = 12, BAR_GAP = 3, ROW_GAP = 12, TOP = 6;

/** "42%" of a fraction; "–" for none. */
export function percent(v: number | null): string {
  return v === null ? "–" : `${Math.round(v * 100)}%`;
}

/** A label cut to fit its column (the whole of it in the tooltip and the table). */
function fit(label: string, max = 20): string {
  return label.length > max ? label.slice(0, max - 1) + "…" : label;
}

/** The chart and its numbers: a figure holding the SVG and a table. */
export function barChart(title: string, summary: string, series: BarSeries[], rows: BarRow[], header: string[],
  cells: (row: BarRow, i: number) => Child[]): HTMLElement {
  const tid = uid("chart-title"), did = uid("chart-desc");
  const rowH = series.length * (BAR_H + BAR_GAP) - BAR_GAP + ROW_GAP;
  const height = TOP + rows.length * rowH;
  const width = LABEL_W + BAR_W + VALUE_W;
  const chart = svg("svg", { class: "chart bars", viewBox: `0 0 ${width} ${height}`, width, height, role: "img",
    "aria-labelledby": `${tid} ${did}` },
    svg("title", { id: tid }, title),
    svg("desc", { id: did }, summary));
  rows.forEach((row, i) => {
    const y0 = TOP + i * rowH;
    const g = svg("g", { class: "bar-row" }, svg("title", null, `${row.label}: ${row.detail}`),
      svg("text", { x: LABEL_W - 8, y: y0 + (rowH - ROW_GAP) / 2 + 4, class: "bar-label", "text-anchor": "end" }, fit(row.label)));
    series.forEach((s, k) => {
      const v = row.values[k] ?? null;
      const y = y0 + k * (BAR_H + BAR_GAP);
      g.append(svg("rect", { x: LABEL_W, y, width: BAR_W, height: BAR_H, class: "bar-track" }));
      if (v !== null && v > 0)
        g.append(svg("rect", { x: LABEL_W, y, width: Math.max(1, Math.round(v * BAR_W)), height: BAR_H, class: `bar ${s.cls}` }));
      g.append(svg("text", { x: LABEL_W + BAR_W + 6, y: y + BAR_H - 2, class: "bar-value" }, percent(v)));
    });
    chart.append(g);
  });
  const legend = h("ul", { class: "legend" }, series.map((s) =>
    h("li", null, svg("svg", { width: 12, height: 12, "aria-hidden": "true" }, svg("rect", { width: 12, height: 12, class: `bar ${s.cls}` })), s.name)));
  const table = h("table", { class: "numbers" },
    h("caption", { class: "sr-only" }, title),
    h("thead", null, h("tr", null, header.map((c) => h("th", { scope: "col" }, c)))),
    h("tbody", null, rows.map((row, i) => h("tr", null, h("th", { scope: "row" }, row.label), cells(row, i)))));
  return h("figure", { class: "chart-figure" }, h("div", { class: "chart-scroll" }, chart), legend,
    h("details", { class: "chart-table" }, h("summary", null, "The numbers as a table"), table));
}

// ---- the calendar ----

const CELL = 12, STEP = 15, LEFT = 30, HEAD = 18;
const WEEKDAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

export interface Day {
  date: string;           // YYYY-MM-DD, UTC
  sessions: number;
  submits: number;
}

/** Milliseconds of a UTC date's midnight. */
function utc(date: string): number {
  const [y, m, d] = date.split("-").map(Number);
  return Date.UTC(y!, (m || 1) - 1, d || 1);
}

function dateOf(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** How dark a day is: by its sessions, 0 to 4 and more. */
export function level(sessions: number): number {
  return Math.min(4, Math.max(0, sessions));
}

function plural(n: number, one: string): string {
  return `${n} ${one}${n === 1 ? "" : "s"}`;
}

/** A day's words: "Mon 2026-12-07: 1 session, 2 submits". */
export function dayText(date: string, d: Day | undefined): string {
  const wd = WEEKDAYS[(new Date(utc(date)).getUTCDay() + 6) % 7];
  return `${wd} ${date}: ${plural(d?.sessions ?? 0, "session")}, ${plural(d?.submits ?? 0, "submit")}`;
}

/** Weeks in columns from `from` (a Monday) to `to`, a day in each cell, Monday on top. */
export function heatMap(from: string, to: string, days: Day[], summary: string): SVGElement {
  const byDate = new Map(days.map((d) => [d.date, d]));
  const start = utc(from), end = utc(to), DAY = 86400000;
  const weeks = Math.floor((end - start) / DAY / 7) + 1;
  const tid = uid("heat-title");
  const width = LEFT + weeks * STEP, height = HEAD + 7 * STEP;
  const map = svg("svg", { class: "chart heat", viewBox: `0 0 ${width} ${height}`, width, height, role: "img",
    "aria-labelledby": tid }, svg("title", { id: tid }, summary));
  [0, 2, 4].forEach((r) => map.append(svg("text", { x: 0, y: HEAD + r * STEP + CELL - 2, class: "heat-axis" }, WEEKDAYS[r]!)));
  let lastMonth = -1;
  for (let w = 0; w < weeks; w++) {
    const monday = new Date(start + w * 7 * DAY);
    if (monday.getUTCMonth() !== lastMonth) {
      lastMonth = monday.getUTCMonth();
      if (w < weeks - 1) map.append(svg("text", { x: LEFT + w * STEP, y: 11, class: "heat-axis" }, MONTHS[lastMonth]!));
    }
    for (let r = 0; r < 7; r++) {
      const t = start + (w * 7 + r) * DAY;
      if (t > end) break;
      const date = dateOf(t), d = byDate.get(date);
      map.append(svg("rect", { x: LEFT + w * STEP, y: HEAD + r * STEP, width: CELL, height: CELL, rx: 2,
        class: `heat-cell heat-${level(d?.sessions ?? 0)}`, "data-date": date }, svg("title", null, dayText(date, d))));
    }
  }
  return map;
}

/** The heat map's key: Less, the five shades, More. */
export function heatLegend(): HTMLElement {
  return h("p", { class: "heat-legend", "aria-hidden": "true" }, "Less",
    [0, 1, 2, 3, 4].map((l) => svg("svg", { width: CELL, height: CELL }, svg("rect", { width: CELL, height: CELL, rx: 2, class: `heat-cell heat-${l}` }))),
    "More");
}

// ---- a line over sessions ----

/** One point of a line chart: its value, an optional band (lo..hi) and its words. */
export interface LinePoint {
  y: number;
  lo?: number;
  hi?: number;
  label: string;          // the x axis' label (a date), shown at the ends
  detail: string;         // the point's tooltip: "2026-12-06, two-sum: 1523 ± 84"
}

const L_LEFT = 44, L_W = 460, L_TOP = 10, L_H = 160, L_BOTTOM = 22;

/** A line through points in order (one step per session, not to time scale),
 * with its band shaded, three labelled grid lines and a circle per point. */
export function lineChart(title: string, summary: string, points: LinePoint[], fmt: (v: number) => string,
  bounds?: { min?: number; max?: number }): SVGElement {
  const tid = uid("line-title"), did = uid("line-desc");
  const width = L_LEFT + L_W + 10, height = L_TOP + L_H + L_BOTTOM;
  const chart = svg("svg", { class: "chart line", viewBox: `0 0 ${width} ${height}`, width, height, role: "img",
    "aria-labelledby": `${tid} ${did}` }, svg("title", { id: tid }, title), svg("desc", { id: did }, summary));
  const vals = points.flatMap((p) => [p.y, p.lo ?? p.y, p.hi ?? p.y]);
  let min = bounds?.min ?? Math.min(...vals), max = bounds?.max ?? Math.max(...vals);
  if (!(max > min)) { min -= 1; max += 1; }
  const x = (i: number) => L_LEFT + (points.length > 1 ? (i * L_W) / (points.length - 1) : L_W / 2);
  const y = (v: number) => L_TOP + L_H - ((Math.min(max, Math.max(min, v)) - min) * L_H) / (max - min);
  for (const v of [min, (min + max) / 2, max]) {
    chart.append(svg("line", { x1: L_LEFT, x2: L_LEFT + L_W, y1: y(v), y2: y(v), class: "line-grid" }),
      svg("text", { x: L_LEFT - 6, y: y(v) + 4, class: "line-axis", "text-anchor": "end" }, fmt(v)));
  }
  if (points.some((p) => p.lo !== undefined && p.hi !== undefined)) {
    const top = points.map((p, i) => `${x(i)},${y(p.hi ?? p.y)}`);
    const bottom = points.map((p, i) => `${x(i)},${y(p.lo ?? p.y)}`).reverse();
    chart.append(svg("polygon", { points: [...top, ...bottom].join(" "), class: "line-band" }));
  }
  if (points.length > 1)
    chart.append(svg("polyline", { points: points.map((p, i) => `${x(i)},${y(p.y)}`).join(" "), class: "line-path" }));
  points.forEach((p, i) => chart.append(svg("circle", { cx: x(i), cy: y(p.y), r: 3.5, class: "line-point" },
    svg("title", null, p.detail))));
  if (points.length) {
    chart.append(svg("text", { x: L_LEFT, y: height - 6, class: "line-axis" }, points[0]!.label));
    if (points.length > 1)
      chart.append(svg("text", { x: L_LEFT + L_W, y: height - 6, class: "line-axis", "text-anchor": "end" }, points[points.length - 1]!.label));
  }
  return chart;
}
