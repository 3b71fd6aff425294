import type { CommandGroup, OptionSpec } from "./command";

/**
 * The groups of `quantlab` as the top level sees them: name, summary and the options every command of
 * the group accepts. A group's commands (and the store, tables, jobs... they need) are loaded only when
 * a command of that group runs, so `quantlab --help` starts in a fraction of a second.
 */
export interface GroupHeading {
  name: string;
  summary: string;
  commonOptions: OptionSpec[];
}

/** `--store`, accepted by every command that opens the store. */
export const STORE_OPTION: OptionSpec = {
  name: "store",
  type: "string",
  value: "URI",
  help: 'the store: "duckdb:///abs/dir", "duckdb:./dir" or a folder [default: $QUANTLAB_STORE, else the db/ of the quantlab project around the working directory, else ./db; \'quantlab store where\' prints it]',
};

export const STORE_GROUP: GroupHeading = {
  name: "store",
  summary: "browse the versioned market-data store: libraries, symbols, versions, snapshots and data; export a library",
  commonOptions: [STORE_OPTION, { name: "json", type: "boolean", help: "print JSON instead of a table or plain lines" }],
};

export const JOBS_GROUP: GroupHeading = {
  name: "jobs",
  summary: "scheduled data jobs: register scripts from jobs/, run them, see their runs, start the scheduler",
  commonOptions: [
    STORE_OPTION,
    { name: "root", type: "string", value: "DIR", help: "the project whose jobs/ folder holds the scripts [default: the quantlab project around the working directory, else quantlab's own]" },
    { name: "json", type: "boolean", help: "print JSON instead of a table or plain lines" },
  ],
};

export const VALIDATE_GROUP: GroupHeading = {
  name: "validate",
  summary: "check OHLCV data against exchange calendars, fix duplicates, invalid rows and gaps as new versions",
  commonOptions: [STORE_OPTION, { name: "json", type: "boolean", help: "print JSON instead of a table" }],
};

export const DATA_GROUP: GroupHeading = {
  name: "data",
  summary: "the state of collected data: which symbols are behind their calendar",
  commonOptions: [STORE_OPTION, { name: "json", type: "boolean", help: "print JSON instead of a table" }],
};

export const FEED_GROUP: GroupHeading = {
  name: "feed",
  summary: "live trades: serve a synthetic or replayed feed, watch bars form",
  commonOptions: [],
};

export const IMPORT_GROUP: GroupHeading = {
  name: "import",
  summary: "import CSV, JSON and Parquet files into the store, each as a new version, or restore a store export",
  commonOptions: [STORE_OPTION, { name: "json", type: "boolean", help: "print JSON instead of plain lines" }],
};

export const REPORT_GROUP: GroupHeading = {
  name: "report",
  summary: "execute notebooks with the quantlab kernel and write HTML reports that open offline",
  commonOptions: [],
};

export const RUN_GROUP: GroupHeading = {
  name: "run",
  summary: "run a research script (.ts, .mts, .js) with top-level await and quantlab importable, from any directory",
  commonOptions: [],
};

/** A group heading with the loader of its commands. */
export interface LazyGroup extends GroupHeading {
  load(): Promise<CommandGroup>;
}

/** The command groups of `quantlab`, in help order. A new group is a heading here and one file of commands. */
export const GROUPS: LazyGroup[] = [
  { ...STORE_GROUP, load: async () => (await import("./store")).storeGroup },
  { ...JOBS_GROUP, load: async () => (await import("./jobs")).jobsGroup },
  { ...VALIDATE_GROUP, load: async () => (await import("./validate")).validateGroup },
  { ...DATA_GROUP, load: async () => (await import("./data")).dataGroup },
  { ...FEED_GROUP, load: async () => (await import("./feed")).feedGroup },
  { ...IMPORT_GROUP, load: async () => (await import("./import")).importGroup },
  { ...REPORT_GROUP, load: async () => (await import("./report")).reportGroup },
  { ...RUN_GROUP, load: async () => (await import("./runScript")).scriptGroup },
];
