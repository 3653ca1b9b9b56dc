/**
 * Where a value of the plan sits in its file. The plan is parsed with yaml's document API
 * and a LineCounter, so every node keeps its offset; an error found on the JavaScript value
 * (by ajv or a semantic check) is mapped back to line and column through its path.
 */
import { isMap, isScalar, isPair, Scalar, type Document, type LineCounter, type Node } from 'yaml';

export type PathSegment = string | number;
export type PlanPath = readonly PathSegment[];

export interface Position {
  readonly line: number;
  readonly column: number;
}

export interface LocateOptions {
  /** Point at the key of the last segment (for unknown fields) instead of its value. */
  readonly key?: boolean;
  /** Characters into the value of a one-line scalar (for a column inside an expression). */
  readonly offset?: number;
}

export interface PlanLocator {
  /** The position of the path, or of its nearest ancestor that exists; undefined if none. */
  locate(path: PlanPath, options?: LocateOptions): Position | undefined;
}

/** For plans given as objects: nothing has a position. */
export const NO_LOCATOR: PlanLocator = { locate: () => undefined };

export function yamlLocator(doc: Document, lines: LineCounter): PlanLocator {
  const at = (offset: number): Position => {
    const { line, col } = lines.linePos(offset);
    return { line, column: col };
  };
  return {
    locate(path, options = {}) {
      for (let depth = path.length; depth >= 0; depth--) {
        const prefix = path.slice(0, depth);
        if (options.key === true && depth === path.length && depth > 0) {
          const keyNode = findKey(doc, prefix.slice(0, -1), prefix[depth - 1]);
          if (keyNode?.range) return at(keyNode.range[0]);
          continue;
        }
        const node = (prefix.length === 0 ? doc.contents : doc.getIn(prefix, true)) as
          Node | null | undefined;
        if (!node?.range) continue;
        if (depth === path.length && options.offset !== undefined && isScalar(node)) {
          return at(node.range[0] + scalarOffset(node, options.offset));
        }
        return at(node.range[0]);
      }
      return undefined;
    },
  };
}

function findKey(doc: Document, parentPath: PlanPath, key: PathSegment | undefined): Node | undefined {
  const parent: unknown = parentPath.length === 0 ? doc.contents : doc.getIn(parentPath, true);
  if (!isMap(parent)) return undefined;
  for (const pair of parent.items) {
    if (!isPair(pair)) continue;
    const k: unknown = pair.key;
    if (isScalar(k) && String(k.value) === String(key)) return k;
  }
  return undefined;
}

/** Quoted scalars start one character before their text; block scalars get no offset. */
function scalarOffset(node: Scalar, offset: number): number {
  switch (node.type) {
    case Scalar.QUOTE_DOUBLE:
    case Scalar.QUOTE_SINGLE:
      return 1 + offset;
    case Scalar.PLAIN:
      return offset;
    case Scalar.BLOCK_FOLDED:
    case Scalar.BLOCK_LITERAL:
    case undefined:
      return 0;
  }
}

/** 'workloads[0].mix.limit', "thresholds['*'][1]": how paths are shown in messages. */
export function formatPath(path: PlanPath): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else if (/^[A-Za-z_$][\w$-]*$/.test(segment)) out += out === '' ? segment : `.${segment}`;
    else out += `['${segment}']`;
  }
  return out;
}

/** JSON Pointer (ajv's instancePath) to path segments; array indices become numbers. */
export function pointerToPath(pointer: string, value: unknown): PathSegment[] {
  if (pointer === '') return [];
  const segments: PathSegment[] = [];
  let node = value;
  for (const raw of pointer.slice(1).split('/')) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    const segment = Array.isArray(node) ? Number(key) : key;
    segments.push(segment);
    node =
      node !== null && typeof node === 'object' ? (node as Record<PathSegment, unknown>)[segment] : undefined;
  }
  return segments;
}
