import type { MetricValue } from './metric-name.js';

/** `kafka_streams_<group>_<name>` with every character Prometheus does not allow turned into `_` */
export function prometheusMetricName(group: string, name: string, prefix = 'kafka_streams'): string {
  return sanitize(`${prefix}_${group}_${name}`, /[^a-zA-Z0-9_:]/g);
}

/** a tag name as a Prometheus label name (`thread-id` → `thread_id`); never starts with a digit or `__` */
export function prometheusLabelName(tag: string): string {
  let s = sanitize(tag, /[^a-zA-Z0-9_]/g);
  if (s.startsWith('__')) s = `tag${s}`;
  return s;
}

function sanitize(s: string, invalid: RegExp): string {
  const out = s.replace(invalid, '_');
  return /^[0-9]/.test(out) ? `_${out}` : out;
}

/** label values: backslash, double quote and line feed are escaped */
export function escapeLabelValue(v: string): string {
  return v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

/** HELP text: backslash and line feed are escaped */
function escapeHelp(v: string): string {
  return v.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');
}

function formatValue(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Number.POSITIVE_INFINITY) return '+Inf';
  if (v === Number.NEGATIVE_INFINITY) return '-Inf';
  return String(v);
}

export interface PrometheusOptions {
  /** metric name prefix (default `kafka_streams`) */
  prefix?: string;
}

/**
 * Renders metrics in the Prometheus text exposition format (version 0.0.4): one `# HELP` and one
 * `# TYPE` line per metric family, then one sample per tag set, e.g.
 * `kafka_streams_stream_thread_metrics_process_rate{thread_id="t-1"} 1234.5`.
 */
export function toPrometheusText(metrics: readonly MetricValue[], options: PrometheusOptions = {}): string {
  const families = new Map<string, { help: string; type: 'counter' | 'gauge'; samples: string[] }>();
  for (const m of metrics) {
    const name = prometheusMetricName(m.group, m.name, options.prefix);
    let family = families.get(name);
    if (family === undefined) {
      family = { help: m.description, type: m.kind, samples: [] };
      families.set(name, family);
    }
    const labelNames = Object.keys(m.tags).sort();
    const labels = labelNames.map((k) => `${prometheusLabelName(k)}="${escapeLabelValue(m.tags[k]!)}"`).join(',');
    family.samples.push(`${name}${labels === '' ? '' : `{${labels}}`} ${formatValue(m.value)}`);
  }
  let out = '';
  for (const [name, f] of families) {
    out += `# HELP ${name} ${escapeHelp(f.help)}\n# TYPE ${name} ${f.type}\n`;
    for (const s of f.samples) out += `${s}\n`;
  }
  return out;
}
