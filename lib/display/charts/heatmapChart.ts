import { DisplayError } from "../DisplayError";
import { Figure } from "../figure";

/** A matrix to draw: `z[i][j]` is the value at `y[i]`, `x[j]`. */
export interface HeatmapData {
  x: ArrayLike<number | string>;
  y: ArrayLike<number | string>;
  z: ArrayLike<number>[];
  /** @default none */
  title?: string;
  /** @default none */
  xTitle?: string;
  /** @default none */
  yTitle?: string;
  /** What the colour means, e.g. "Sharpe Ratio". @default none */
  zTitle?: string;
}

/**
 * A heatmap, e.g. of a parameter sweep (one parameter per axis, the statistic as colour). Missing cells
 * (NaN) stay blank.
 * @throws DisplayError ("INVALID_FIGURE") when z's shape is not y.length rows of x.length values.
 * @example plot(heatmapChart({ ...sweep.heatmap, xTitle: "fast", yTitle: "slow", zTitle: "Sharpe" }));
 */
export function heatmapChart(data: HeatmapData): Figure {
  if (data.z.length !== data.y.length || data.z.some((row) => row.length !== data.x.length)) {
    throw new DisplayError(`heatmapChart: z must have ${data.y.length} rows (one per y) of ${data.x.length} values (one per x)`, { code: "INVALID_FIGURE" });
  }
  return {
    data: [
      {
        type: "heatmap",
        x: Array.from(data.x),
        y: Array.from(data.y),
        z: data.z.map((row) => Array.from(row)),
        colorscale: "Viridis",
        colorbar: data.zTitle ? { title: { text: data.zTitle } } : undefined,
        hoverongaps: false,
      },
    ],
    layout: {
      title: data.title ? { text: data.title } : undefined,
      xaxis: { title: data.xTitle ? { text: data.xTitle } : undefined, type: "category" },
      yaxis: { title: data.yTitle ? { text: data.yTitle } : undefined, type: "category" },
      hovermode: "closest",
    },
  };
}
