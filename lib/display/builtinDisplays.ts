import type { MimeBundle } from "./emit";
import { figureBundle, isFigure } from "./figureDisplay";
import type { DisplayKind } from "./richDisplay";
import { tableBundle } from "./show";
import { descriptionBundle, isSymbolDescription, isVersionedItem, isVersionList, versionedItemBundle, versionListBundle } from "./storeDisplays";
import { isTable } from "./tableDisplay";
import { isValidationReport, validationReportBundle } from "./validationDisplay";

/** A display kind from a type guard and the representation of the values it admits. */
export function displayKind<T>(name: string, matches: (value: unknown) => value is T, bundle: (value: T) => MimeBundle | undefined): DisplayKind {
  return { name, matches, bundle: (value) => bundle(value as T) };
}

/** The kinds lib/display itself shows as a cell's result (see displayBundle). */
export const BUILTIN_DISPLAYS: readonly DisplayKind[] = [
  displayKind("table", isTable, (t) => tableBundle(t)),
  displayKind("figure", isFigure, figureBundle),
  displayKind("versioned item", isVersionedItem, versionedItemBundle),
  displayKind("symbol description", isSymbolDescription, descriptionBundle),
  displayKind("version list", isVersionList, versionListBundle),
  displayKind("validation report", isValidationReport, validationReportBundle),
];
