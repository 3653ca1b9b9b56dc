/**
 * The files a report is built from: handlebars templates and CSS from the package's
 * `templates/` folder, and Chart.js's UMD bundle from node_modules (inlined, so the
 * report opens offline). Read once per process.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { HeadroomError } from '../errors.js';

export interface ReportAssets {
  /** the page */
  readonly template: string;
  /** section name (file name without .hbs) → template source */
  readonly sections: Readonly<Record<string, string>>;
  readonly css: string;
  /** Chart.js UMD source, safe to place inside a <script> element */
  readonly chartJs: string;
}

let cached: ReportAssets | null = null;

/** The templates folder sits at the package root, whether this runs from src/ or dist/src/. */
function templatesDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    const candidate = join(dir, 'templates');
    if (existsSync(join(candidate, 'report.hbs'))) return candidate;
    dir = dirname(dir);
  }
  throw new HeadroomError(
    'REPORT_ASSETS_MISSING',
    'internal',
    `the report templates were not found above ${fileURLToPath(import.meta.url)}`,
  );
}

function chartJsSource(): string {
  const require = createRequire(import.meta.url);
  // chart.js's exports map hides dist/, so resolve its main entry and read the UMD bundle beside it.
  const distDir = dirname(require.resolve('chart.js'));
  const file = ['chart.umd.min.js', 'chart.umd.js'].map((f) => join(distDir, f)).find((f) => existsSync(f));
  if (!file)
    throw new HeadroomError(
      'REPORT_ASSETS_MISSING',
      'internal',
      `Chart.js's UMD bundle was not found in ${distDir}`,
    );
  // A literal "</script" or "<!--" would end or confuse the inline <script>; the bundle has
  // none today, and escaping them keeps it so (both only occur inside strings or regexes).
  return readFileSync(file, 'utf8')
    .replace(/<\/(script)/gi, '<\\/$1')
    .replace(/<!--/g, '<\\!--');
}

export function reportAssets(): ReportAssets {
  if (cached) return cached;
  const dir = templatesDir();
  const sectionsDir = join(dir, 'sections');
  const sections = Object.fromEntries(
    readdirSync(sectionsDir)
      .filter((f) => f.endsWith('.hbs'))
      .map((f) => [f.slice(0, -'.hbs'.length), readFileSync(join(sectionsDir, f), 'utf8')]),
  );
  cached = {
    template: readFileSync(join(dir, 'report.hbs'), 'utf8'),
    sections,
    css: readFileSync(join(dir, 'report.css'), 'utf8'),
    chartJs: chartJsSource(),
  };
  return cached;
}
