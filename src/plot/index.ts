/** Plotting and display: vega-lite spec builders, headless SVG, notebook display, summaries. */
export { minMaxReduce, blockAverage, cellEdges } from "./reduce";
export {
  lineSpec, multiPanelSpec, heatmapSpec, staticSpec, shiftOffsets, panelColumns, schemePalette,
  MAX_PANELS, VEGALITE_SCHEMA, INTERACTIVE_PREFIX,
} from "./specs";
export type { VegaLiteSpec, Series, LineSpecInput, MultiPanelSpecInput, HeatmapSpecInput } from "./specs";
export { renderSVG, compileSpec } from "./render";
export type { RenderOptions } from "./render";
export {
  displayBundle, displayHTML, displaySpec, plotBundle, htmlBundle, specBundle, sendBundle, svgToHTML,
  tslabWriter, inKernel, VEGALITE_MIME,
} from "./display";
export type { MimeBundle, DisplayOptions } from "./display";
export { summaryHTML, summaryText, escapeHTML, abbreviateLabels, formatBytes, logEntries } from "./summary";
export type { DataSummary, AxisSummary, SummaryOptions } from "./summary";
export { encodeIndexedPNG } from "./png";
