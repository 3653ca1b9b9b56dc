/**
 * The instrument list of a target speaking the reference protocol (`GET /v1/instruments`,
 * paged): symbols with tick size, lot size and reference price, in the target's order.
 */
import { HeadroomError } from '../errors.js';
import { requireTarget } from './target-request.js';

export interface InstrumentInfo {
  readonly symbol: string;
  /** price units per tick */
  readonly tickSize: number;
  /** units per lot */
  readonly lotSize: number;
  /** price units, on the tick */
  readonly referencePrice: number;
}

/** instruments per page (the protocol's maximum) */
const PAGE = 1000;

/**
 * @param limit at most this many instruments (the first ones), e.g. the plan's instrument count
 */
export async function fetchInstruments(baseUrl: string, limit = Infinity): Promise<InstrumentInfo[]> {
  const instruments: InstrumentInfo[] = [];
  let total = Infinity;
  while (instruments.length < Math.min(total, limit)) {
    const url = `${baseUrl}/v1/instruments?offset=${instruments.length}&limit=${PAGE}`;
    const page = (await requireTarget(url, {}, 'Listing instruments')) as {
      total?: unknown;
      instruments?: unknown;
    };
    if (typeof page?.total !== 'number' || !Array.isArray(page.instruments)) {
      throw invalid(url, 'expected {total, instruments: [...]}');
    }
    total = page.total;
    if (page.instruments.length === 0) break;
    for (const item of page.instruments as unknown[]) instruments.push(checkInstrument(item, url));
  }
  if (instruments.length === 0) throw invalid(`${baseUrl}/v1/instruments`, 'the target lists no instruments');
  return instruments.slice(0, limit);
}

function checkInstrument(item: unknown, url: string): InstrumentInfo {
  const i = item as Partial<InstrumentInfo> | null;
  const positiveInteger = (v: unknown): v is number =>
    typeof v === 'number' && Number.isSafeInteger(v) && v > 0;
  if (
    typeof i?.symbol !== 'string' ||
    !positiveInteger(i.tickSize) ||
    !positiveInteger(i.lotSize) ||
    !positiveInteger(i.referencePrice)
  ) {
    throw invalid(
      url,
      `instrument ${JSON.stringify(item).slice(0, 120)} lacks symbol, tickSize, lotSize or referencePrice`,
    );
  }
  return { symbol: i.symbol, tickSize: i.tickSize, lotSize: i.lotSize, referencePrice: i.referencePrice };
}

function invalid(url: string, why: string): HeadroomError {
  return new HeadroomError('TARGET_PROTOCOL', 'target', `${url}: ${why}`);
}
