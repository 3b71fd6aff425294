/**
 * Display in notebooks: tables and plotly charts that render in JupyterLab, classic Notebook and
 * nbconvert HTML reports (offline: plotly.js comes from the npm package, served by the Jupyter server
 * that `npm start` runs and inlined once in reports), and as text in scripts.
 * @example import { show, plot, candlestickChart } from "./lib";
 */
export { show, tableBundle } from "./show";
export type { ShowOptions } from "./show";
export { plot } from "./plot";
export type { PlotOptions } from "./plot";
export type { Figure } from "./figure";
export { figureHtml } from "./figureHtml";
export { withPlotlyInlined } from "./selfContained";
export { plotlyFile, plotlyServedPath } from "./plotlyBundle";
export type { FigureHtmlOptions } from "./figureHtml";
export { DisplayError } from "./DisplayError";
export type { DisplayErrorCode } from "./DisplayError";
export type { MimeBundle } from "./emit";
export { emitDisplay } from "./emit";
export { candlestickChart } from "./charts/candlestickChart";
export type { CandlestickChartOptions, ChartMarker, ChartSpan } from "./charts/candlestickChart";
export { lineChart } from "./charts/lineChart";
export type { LineChartOptions } from "./charts/lineChart";
export { equityChart, drawdownOf } from "./charts/equityChart";
export type { EquityChartOptions } from "./charts/equityChart";
export { heatmapChart } from "./charts/heatmapChart";
export type { HeatmapData } from "./charts/heatmapChart";
export { histogramChart } from "./charts/histogramChart";
export type { HistogramChartOptions } from "./charts/histogramChart";
export { scatterChart } from "./charts/scatterChart";
export type { ScatterChartOptions } from "./charts/scatterChart";
export { DISPLAY, displayBundle, registerDisplay } from "./richDisplay";
export type { Displayable, DisplayKind } from "./richDisplay";
export { displayKind } from "./builtinDisplays";
export { recordBundle } from "./recordBundle";
export type { RecordEntry } from "./recordBundle";
export { DISPLAY_DEFAULTS, getDisplayOptions, setDisplayOptions } from "./displayOptions";
export type { DisplayOptions } from "./displayOptions";
export { formatDuration, formatDurations } from "./formatDuration";
export { formatFloat, formatFloats } from "./formatFloat";
export { formatTime } from "./formatTime";
