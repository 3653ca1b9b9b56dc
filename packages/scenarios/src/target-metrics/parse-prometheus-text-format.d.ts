/**
 * Types for parse-prometheus-text-format 1.x (the package ships none). Its output follows
 * prom2json: one family per metric name, values as strings ("+Inf" and "NaN" included).
 */
declare module 'parse-prometheus-text-format' {
  export interface PrometheusMetric {
    readonly value?: string;
    readonly labels?: Readonly<Record<string, string>>;
    /** histograms: upper bound → cumulative count */
    readonly buckets?: Readonly<Record<string, string>>;
    /** summaries: quantile → value */
    readonly quantiles?: Readonly<Record<string, string>>;
    readonly count?: string;
    readonly sum?: string;
  }

  export interface PrometheusFamily {
    readonly name: string;
    readonly help: string;
    readonly type: 'COUNTER' | 'GAUGE' | 'HISTOGRAM' | 'SUMMARY' | 'UNTYPED';
    readonly metrics: readonly PrometheusMetric[];
  }

  /** Throws on text that is not in the exposition format. */
  export default function parsePrometheusTextFormat(text: string): PrometheusFamily[];
}
