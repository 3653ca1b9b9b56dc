/**
 * JSON for a `<script type="application/json">` block. Inside <script> the HTML parser
 * does not decode entities, so the JSON is not HTML-escaped; instead every character that
 * could end the element or start markup (`<`, `>`, `&`) and the two line separators that
 * some JavaScript parsers reject are written as \u escapes, which JSON.parse turns back
 * into the same string. A value like "</script><script>alert(1)</script>" stays data.
 */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}
