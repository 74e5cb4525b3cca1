/** One series of a chart: which value of each datum, its name and its colour. */
export interface Series {
  key: string;
  label: string;
  color: string;
}

/** One band of a chart: its label and its value per series key (null: not known). */
export interface Datum {
  label: string;
  values: Record<string, number | null | undefined>;
}
