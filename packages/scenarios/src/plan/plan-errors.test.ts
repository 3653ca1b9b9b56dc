import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { HeadroomError } from '../errors.js';
import { loadPlan, parsePlanText } from './load-plan.js';
import type { PlanOverrides } from './overrides.js';
import { PlanError, type PlanIssue } from './plan-error.js';
import { resolvePlan } from './resolve-plan.js';

function problems(text: string, overrides?: PlanOverrides): readonly PlanIssue[] {
  try {
    parsePlanText(text, 'plan.yaml', { overrides });
  } catch (error) {
    if (error instanceof PlanError) return error.issues;
    throw error;
  }
  throw new Error('the plan was accepted');
}

/** `line:col path: message` of each issue, as a person reads them. */
function lines(text: string, overrides?: PlanOverrides): string[] {
  return problems(text, overrides).map((i) => `${i.line ?? '-'}:${i.column ?? '-'} ${i.path}: ${i.message}`);
}

describe('a bad plan gets a located error', () => {
  // [what is wrong, plan text, expected `line:col path` prefix, message pattern]
  const cases: [string, string, string, RegExp][] = [
    ['YAML syntax', 'steps: [1, 2\nduration: 30s\n', '2:1 ', /YAML syntax: .*(flow|end with)/i],
    ['duplicate key', 'seed: 1\nseed: 2\n', '2:1 ', /YAML syntax: Map keys must be unique/],
    ['not a mapping', '- 1\n- 2\n', '1:1 :', /the plan must be an object, not a list/],
    ['wrong type', 'seed: lots\n', '1:7 seed', /must be an integer, not the string 'lots'/],
    [
      'unknown field',
      'steps: [1]\nduraton: 30s\n',
      '2:1 duraton',
      /unknown field \(did you mean 'duration'\?\)/,
    ],
    [
      'unknown nested field',
      'capacity:\n  ordersPerSec: 5\n',
      '2:3 capacity.ordersPerSec',
      /did you mean 'ordersPerSecond'/,
    ],
    ['bad duration', 'duration: 30 seconds\n', '1:11 duration', /'30 seconds' is not a duration like '30s'/],
    ['zero duration', 'duration: 0s\n', '1:11 duration', /must be longer than 0/],
    ['negative warmup', 'warmup: -5\n', '1:9 warmup', /must be >= 0 \(got -5\)/],
    [
      'bad size',
      "capacity: { historicalData: '5 parsecs' }\n",
      '1:29 capacity.historicalData',
      /is not a size like '5TB'/,
    ],
    [
      'steps not ascending',
      'steps: [1, 5, 2]\n',
      '1:15 steps[2]',
      /must ascend without repeats \(2 comes after 5\)/,
    ],
    ['repeated step', 'steps: [1, 2, 2]\n', '1:15 steps[2]', /must ascend/],
    ['non-positive step', 'steps: [0, 1]\n', '1:9 steps[0]', /must be > 0/],
    ['empty steps', 'steps: []\n', '1:8 steps', /at least 1 item/],
    [
      'peak factor above 24',
      'capacity:\n  registrationPeakFactor: 48\n',
      '2:27 capacity.registrationPeakFactor',
      /must be <= 24/,
    ],
    [
      'unknown workload kind',
      'workloads:\n  - kind: ordrs\n',
      '2:11 workloads[0].kind',
      /must be one of: orders, market-data, registrations, logins, sessions, http \(got 'ordrs'\)/,
    ],
    ['workload without kind', 'workloads:\n  - name: x\n', '2:5 workloads[0].kind', /is required/],
    [
      'option of another kind',
      'workloads:\n  - kind: orders\n    subscribers: 5\n',
      '3:5 workloads[0].subscribers',
      /unknown field/,
    ],
    [
      'mix not summing to 1',
      'workloads:\n  - kind: orders\n    mix: { limit: 0.5, marketable: 0.1, cancel: 0.3 }\n',
      '3:10 workloads[0].mix',
      /must be 1 \(they sum to 0\.9\)/,
    ],
    [
      'mix incomplete',
      'workloads:\n  - kind: orders\n    mix: { limit: 1 }\n',
      '3:10 workloads[0].mix.marketable',
      /is required/,
    ],
    [
      'bad arrival',
      'workloads:\n  - kind: logins\n    arrival: burst\n',
      '3:14 workloads[0].arrival',
      /must be one of: poisson, constant/,
    ],
    [
      'bad SLO fraction',
      'workloads:\n  - kind: orders\n    slo: { errorBudget: 150% }\n',
      '3:25 workloads[0].slo.errorBudget',
      /is not a percentage like '0\.1%'/,
    ],
    [
      'duplicate workload names',
      'workloads:\n  - kind: http\n    url: /a\n    ratePerSecond: 1\n  - kind: http\n    url: /b\n    ratePerSecond: 1\n',
      '5:5 workloads[1]',
      /duplicate workload name 'http' \(workloads\[0\] has it too\)/,
    ],
    [
      'duplicate explicit names',
      'workloads:\n  - kind: orders\n    name: x\n  - kind: logins\n    name: x\n',
      '5:11 workloads[1].name',
      /duplicate workload name 'x'/,
    ],
    [
      'bad workload name',
      "workloads:\n  - kind: orders\n    name: 'my orders'\n",
      '3:11 workloads[0].name',
      /only letters, digits/,
    ],
    [
      'source address not loopback',
      "workloads:\n  - kind: sessions\n    sourceAddresses: ['10.0.0.2']\n",
      '3:23 workloads[0].sourceAddresses[0]',
      /'10\.0\.0\.2' is not a loopback IPv4 address/,
    ],
    [
      'http without rate',
      'workloads:\n  - kind: http\n    url: /x\n',
      '2:5 workloads[0].ratePerSecond',
      /is required/,
    ],
    [
      'http relative url',
      'workloads:\n  - kind: http\n    url: v1/x\n    ratePerSecond: 5\n',
      '3:10 workloads[0].url',
      /path starting with '\/'/,
    ],
    [
      'http remote url',
      'workloads:\n  - kind: http\n    url: http://example.com/x\n    ratePerSecond: 5\n',
      '3:10 workloads[0].url',
      /example\.com is not a loopback address/,
    ],
    [
      'bad template',
      "workloads:\n  - kind: http\n    url: /x\n    ratePerSecond: 5\n    body: 'id={{sequence}}'\n",
      '5:15 workloads[0].body',
      /unknown field \{\{sequence\}\}/,
    ],
    [
      'unset env in header',
      "workloads:\n  - kind: http\n    url: /x\n    ratePerSecond: 5\n    headers: { Authorization: 'Bearer {{env HEADROOM_TEST_UNSET_VAR}}' }\n",
      '5:31 workloads[0].headers.Authorization',
      /environment variable HEADROOM_TEST_UNSET_VAR is not set/,
    ],
    [
      'url target not loopback',
      "target: { kind: url, url: 'http://10.1.2.3:8080' }\n",
      '1:27 target.url',
      /10\.1\.2\.3 is not a loopback address.*allowHost/,
    ],
    [
      'allowHost for another host',
      "target: { kind: url, url: 'http://a.example', allowHost: b.example }\n",
      '1:27 target.url',
      /not the allowed host b\.example/,
    ],
    [
      'url target not http',
      "target: { kind: url, url: 'ftp://127.0.0.1/' }\n",
      '1:27 target.url',
      /http:\/\/ or https:\/\//,
    ],
    ['url target without url', 'target: { kind: url }\n', '1:9 target.url', /is required/],
    [
      'unknown target kind',
      'target: { kind: cluster }\n',
      '1:17 target.kind',
      /must be one of: bundled, url/,
    ],
    [
      'bundled option on url',
      "target: { kind: url, url: 'http://127.0.0.1', shards: 2 }\n",
      '1:47 target.shards',
      /unknown field/,
    ],
    [
      'unparsable threshold',
      "thresholds:\n  orders: ['p(99) < 25kg']\n",
      '2:23 thresholds.orders[0]',
      /unknown unit 'kg'.*column 11/,
    ],
    [
      'threshold column in a plain scalar',
      'thresholds:\n  orders:\n    - rate >= 0.99 * tagret\n',
      '3:22 thresholds.orders[0]',
      /expected 'target' or 'offered'/,
    ],
    [
      'threshold on unknown workload',
      "thresholds:\n  ordres: ['p(99) < 25ms']\n",
      '2:3 thresholds.ordres',
      /unknown workload 'ordres' \(the plan has: orders, market-data, registrations, logins, sessions; '\*' means all\)/,
    ],
    [
      'threshold on a step not run',
      "thresholds:\n  orders:\n    - { threshold: 'p(99) < 1s', steps: [3] }\n",
      '3:42 thresholds.orders[0].steps[0]',
      /3 is not one of the plan's steps \(1, 2, 5, 10\)/,
    ],
    [
      'threshold of the wrong type',
      'thresholds:\n  orders: [42]\n',
      '2:12 thresholds.orders[0]',
      /must be a string or object, not number 42/,
    ],
    [
      'sweep of an unknown workload',
      'sweep: { workload: trading }\n',
      '1:20 sweep.workload',
      /no workload named 'trading'/,
    ],
    [
      'sweep of an open-only workload',
      'sweep: { workload: sessions }\n',
      '1:20 sweep.workload',
      /cannot run in a closed loop/,
    ],
    [
      'sweep too short for its points',
      'sweep: { maxConcurrency: 8 }\n',
      '1:26 sweep.maxConcurrency',
      /up to 8 gives 6 points but minPoints is 8; raise maxConcurrency to 16/,
    ],
    ['sweep with too few points', 'sweep: { minPoints: 3 }\n', '1:21 sweep.minPoints', /must be >= 6/],
    [
      'isolated unknown workload',
      'isolated: { workloads: [orderz] }\n',
      '1:25 isolated.workloads[0]',
      /no workload named 'orderz'/,
    ],
  ];

  it.each(cases)('%s', (_, text, where, message) => {
    const found = lines(text);
    const match = found.find((line) => line.startsWith(where) && message.test(line));
    expect(match, `expected '${where}' ~ ${String(message)} among:\n${found.join('\n')}`).toBeDefined();
  });
});

describe('every problem at once', () => {
  const text = [
    'name: broken', // 1
    'steps: [1, 5, 2]', // 2
    'duration: soon', // 3
    'capacity:', // 4
    '  ordersPerSecond: many', // 5
    "target: { kind: url, url: 'http://203.0.113.9' }", // 6
    'workloads:', // 7
    '  - kind: orders', // 8
    '    mix: { limit: 0.7, marketable: 0.2, cancel: 0.3 }', // 9
    '  - kind: orders', // 10
    'thresholds:', // 11
    "  orders: ['p(99) <', 'gaps == 0']", // 12
    "  nobody: ['avg < 1ms']", // 13
  ].join('\n');

  it('reports them all, sorted by line, in one PlanError', () => {
    let error: unknown;
    try {
      parsePlanText(text, 'broken.yaml');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(PlanError);
    const planError = error as PlanError;
    expect(planError).toBeInstanceOf(HeadroomError);
    expect(planError.code).toBe('INVALID_PLAN');
    expect(planError.category).toBe('usage');
    expect(planError.issues.map((i) => i.line)).toEqual([2, 3, 5, 6, 9, 10, 12, 13]);
    const message = planError.message.split('\n');
    expect(message[0]).toBe('broken.yaml has 8 problems:');
    expect(message[1]).toBe('broken.yaml:2:15 steps[2]: must ascend without repeats (2 comes after 5)');
    expect(message).toContain(
      "broken.yaml:3:11 duration: 'soon' is not a duration like '30s', '1m30s' or '500ms', or a number of seconds",
    );
    expect(message.slice(1).every((line) => /^broken\.yaml:\d+:\d+ \S+: /.test(line))).toBe(true);
  });
});

describe('problems in flags name the flag', () => {
  it.each([
    [{ steps: '1,x' }, '--steps', /steps\[1\]: must be a number, not the string 'x'/],
    [{ steps: '5,2' }, '--steps', /must ascend/],
    [{ duration: 'forever' }, '--duration', /'forever' is not a duration/],
    [{ warmup: '-3' }, '--warmup', /not a duration/],
    [{ seed: -1 }, '--seed', /must be >= 0/],
    [{ target: 'http://198.51.100.7:8080' }, '--target', /198\.51\.100\.7 is not a loopback address/],
    [{ target: 'not a url' }, '--target', /is not an absolute URL like http:\/\/127\.0\.0\.1:8080/],
    [{ allowHost: 'x.example' }, '--allow-host', /only applies to a URL target/],
    [{ workloads: 'orders,nope' }, '--workloads', /no workload named 'nope'/],
    [{ workloads: ' , ' }, '--workloads', /names no workload/],
  ] as [PlanOverrides, string, RegExp][])('%j', (overrides, flag, message) => {
    const issues = problems('name: flags\n', overrides);
    const issue = issues.find((i) => i.path === flag);
    expect(issue, JSON.stringify(issues)).toBeDefined();
    expect(issue?.message).toMatch(message);
    expect(issue?.line).toBeUndefined();
  });

  it('a remote --target is accepted with the matching --allow-host', () => {
    const plan = resolvePlan(
      {},
      { overrides: { target: 'http://198.51.100.7:8080/', allowHost: '198.51.100.7' } },
    );
    expect(plan.target).toEqual({
      kind: 'url',
      url: 'http://198.51.100.7:8080',
      allowHost: '198.51.100.7',
      metricsPath: '/metrics',
      adminToken: null,
    });
  });
});

describe('plans given as objects', () => {
  it('report paths without positions, the file named when given', () => {
    expect(() => resolvePlan({ steps: 'many' }, { file: 'inline.json' })).toThrow(
      /^inline\.json has 1 problem:\ninline\.json steps: must be an array, not the string 'many'$/,
    );
    expect(() => resolvePlan({ seed: 'x' })).toThrow(/^the plan has 1 problem:\nseed: must be an integer/);
  });
});

describe('loadPlan', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'headroom-plan-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('names a missing file', async () => {
    const missing = join(dir, 'missing.yaml');
    await expect(loadPlan(missing)).rejects.toMatchObject({
      code: 'PLAN_NOT_FOUND',
      category: 'usage',
      message: `plan file ${missing} does not exist`,
    });
  });

  it('reads JSON plans with positions too', async () => {
    const file = join(dir, 'plan.json');
    await writeFile(file, '{\n  "name": "json",\n  "steps": [1, 2],\n  "seed": "x"\n}\n');
    await expect(loadPlan(file)).rejects.toThrow(`${file}:4:11 seed: must be an integer, not the string 'x'`);
  });

  it('treats a file of comments as the default plan', async () => {
    const file = join(dir, 'empty.yaml');
    await writeFile(file, '# nothing yet\n');
    const plan = await loadPlan(file);
    expect(plan.steps).toEqual([1, 2, 5, 10]);
    expect(plan.source).toBe(file);
  });

  it('refuses alias bombs', () => {
    const bomb = [
      'a: &a [x, x, x, x, x, x, x, x, x]',
      'b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]',
      'c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]',
      'd: [*c, *c, *c, *c, *c, *c, *c, *c, *c]',
    ].join('\n');
    expect(() => parsePlanText(bomb, 'bomb.yaml')).toThrow(PlanError);
  });
});
