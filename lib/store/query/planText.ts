import { formatTimestampUs } from "../../frame";
import { AggOutput } from "./aggregations";
import { exprText } from "./expr";
import { Step } from "./steps";

const time = (us: number | null) => (us === null ? "open" : formatTimestampUs(us));
const aggs = (list: AggOutput[] | null, fallback: string) =>
  list ? list.map((a) => `${a.output}=${a.agg}(${a.column})`).join(", ") : fallback;

/** One line of text per step, as {@link QueryBuilder.toString} shows a plan. */
export function planText(steps: readonly Step[]): string {
  const lines = steps.map((s, i) => `  ${i + 1}. ${stepText(s)}`);
  return ["QueryBuilder", ...(lines.length ? lines : ["  (no steps: all rows)"])].join("\n");
}

/** A step as text. */
export function stepText(s: Step): string {
  switch (s.kind) {
    case "filter":
      return `filter ${exprText(s.expr)}`;
    case "apply":
      return `apply ${s.name} = ${exprText(s.expr)}`;
    case "select":
      return `select ${s.columns.join(", ")}`;
    case "groupBy":
      return `groupBy ${s.keys.join(", ")} -> ${aggs(s.aggs, "(agg missing)")}`;
    case "resample": {
      const r = s.spec;
      const origin = typeof r.origin === "string" ? r.origin : time(r.origin.us);
      const parts = [`resample ${r.rule.text}`, `closed=${r.closed}`, `label=${r.label}`];
      if (r.calendar) parts.push(`calendar=${r.calendar.name}`);
      else if (r.rule.anchor !== null) parts.push(`anchor=${r.rule.unit === "week" ? "sunday" : `month-${r.rule.anchor}`}`);
      else parts.push(`origin=${origin}`);
      if (r.offsetText !== null) parts.push(`offset=${r.offsetText}`);
      if (r.timezone !== "UTC") parts.push(`timezone=${r.timezone}`);
      if (r.emptyBuckets === "keep") parts.push("emptyBuckets=keep");
      return `${parts.join(" ")} -> ${aggs(s.aggs, "OHLCV defaults (open first, high max, low min, close last, volume sum, others last)")}`;
    }
    case "dateRange":
      return `dateRange [${time(s.range[0])}, ${time(s.range[1])}]`;
    case "rowRange":
      return `rowRange [${s.range[0] ?? "open"}, ${s.range[1] ?? "open"})`;
    case "head":
      return `head ${s.n}`;
    case "tail":
      return `tail ${s.n}`;
  }
}
