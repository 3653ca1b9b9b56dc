/**
 * index.html: the view models laid out by handlebars templates. Everything from the run
 * goes through {{ }} (HTML-escaped); only the trusted assets and the escaped chart JSON
 * are passed as SafeStrings.
 */
import type { RunResult } from '@headroom/scenarios';
import Handlebars from 'handlebars';

import type { Analysis } from '../analysis/analyze.js';
import { formatPercent } from '../format.js';
import { reportAssets } from './assets.js';
import { reportCharts } from './charts/report-charts.js';
import { CLIENT_SCRIPT } from './client-script.js';
import { jsonForScript } from './json-script.js';
import { analysisView } from './view/analysis-view.js';
import { methodView } from './view/method-view.js';
import { stepsView } from './view/steps-view.js';
import { summaryView } from './view/summary-view.js';

type Template = (context: unknown) => string;
let compiled: { page: Template; sections: Record<string, Template> } | null = null;

function templates(): { page: Template; sections: Record<string, Template> } {
  if (compiled) return compiled;
  const assets = reportAssets();
  // An isolated environment, so nothing registered elsewhere on the handlebars module
  // applies here. strict: a field missing from the view model is a bug, not an empty cell.
  const hbs = Handlebars.create();
  const compile = (source: string): Template => hbs.compile(source, { strict: true });
  compiled = {
    page: compile(assets.template),
    sections: Object.fromEntries(
      Object.entries(assets.sections).map(([name, source]) => [name, compile(source)]),
    ),
  };
  return compiled;
}

export function renderHtml(analysis: Analysis, run: RunResult): string {
  const assets = reportAssets();
  const charts = reportCharts(analysis, run);
  const chartData = Object.fromEntries(
    [
      ...charts.throughput,
      ...charts.latency,
      ...charts.distributions,
      ...charts.timelines,
      charts.usl,
      charts.utilisation,
    ]
      .filter((c) => c !== null)
      .map((c) => [c.id, c.config]),
  );
  const analysisV = analysisView(analysis);
  const context = {
    run: {
      planName: run.plan.name,
      description: run.plan.description,
      runId: run.runId,
      period: `${run.startedAt} → ${run.finishedAt}`,
      target: `${run.target.kind} ${run.target.url}`,
      status: run.status,
      statusReason: run.statusReason ?? '',
      incomplete: run.status !== 'complete',
      quickNote:
        run.plan.loadScale !== 1
          ? `Quick mode: rates and counts scaled to ${formatPercent(run.plan.loadScale)} of the plan.`
          : '',
    },
    summary: summaryView(analysis),
    topRecommendations: analysisV.recommendations.slice(0, 3),
    analysis: analysisV,
    charts,
    steps: stepsView(analysis, run),
    method: methodView(analysis, run),
  };
  const { page, sections } = templates();
  // Each section is rendered by its own (escaping) template; the page places the results.
  const rendered = Object.fromEntries(
    Object.entries(sections).map(([name, t]) => [name, new Handlebars.SafeString(t(context))]),
  );
  // The doctype is written here, not in the template: the template formatter drops it.
  return `<!doctype html>\n${page({
    ...context,
    title: `Capacity report: ${run.plan.name}`,
    toolVersion: run.tool.version,
    css: new Handlebars.SafeString(assets.css),
    chartJs: new Handlebars.SafeString(assets.chartJs),
    clientScript: new Handlebars.SafeString(CLIENT_SCRIPT),
    chartData: new Handlebars.SafeString(jsonForScript(chartData)),
    sections: rendered,
  })}`;
}
