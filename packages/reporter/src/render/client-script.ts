/**
 * The report page's only script of its own: it draws every canvas that has a data-chart
 * attribute from the JSON configurations embedded in the page. Tick and tooltip formats
 * are named in the data (it is JSON, so it holds no functions) and mapped to functions
 * here. Kept as text because it runs in the browser, not in Node; the browser test
 * exercises it.
 */
export const CLIENT_SCRIPT = String.raw`
(function () {
  'use strict';
  var specs = JSON.parse(document.getElementById('chart-data').textContent);
  function decade(v) { var l = Math.log10(v); return Math.abs(l - Math.round(l)) < 1e-6; }
  function number(v) { return Number(v).toLocaleString('en-US', { maximumFractionDigits: 3 }); }
  function logNumber(v) {
    var m = v / Math.pow(10, Math.floor(Math.log10(v)));
    return [1, 2, 5].some(function (k) { return Math.abs(m - k) < 1e-6; }) ? number(v) : '';
  }
  function percentile(v) {
    if (!decade(v)) return '';
    return String(Number((100 * (1 - 1 / v)).toFixed(6))) + '%';
  }
  function percentileTitle(v) { return 'p' + String(Number((100 * (1 - 1 / v)).toFixed(4))); }
  var formats = { number: number, percent: function (v) { return number(v) + '%'; }, percentile: percentile };
  Chart.defaults.font.family = 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';
  Chart.defaults.animation = false;
  Array.prototype.forEach.call(document.querySelectorAll('canvas[data-chart]'), function (canvas) {
    var spec = specs[canvas.getAttribute('data-chart')];
    if (!spec) return;
    Object.keys(spec.options.scales).forEach(function (key) {
      var scale = spec.options.scales[key];
      var name = scale.ticks.format;
      delete scale.ticks.format;
      if (scale.type === 'category') return;
      var format = name === 'number' && scale.type === 'logarithmic' ? logNumber : formats[name] || number;
      scale.ticks.callback = function (value) { return format(value); };
    });
    var tip = spec.options.plugins.tooltip;
    if (tip.format === 'percentile') {
      tip.callbacks = { title: function (items) { return items.length ? percentileTitle(items[0].parsed.x) : ''; } };
    }
    delete tip.format;
    new Chart(canvas, spec);
  });
})();
`;
